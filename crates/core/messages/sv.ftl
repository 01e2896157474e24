# Fortnox Connect: every text a person reads, in Swedish.
# The same keys in sv.ftl and en.ftl (a test checks both, and the UI's
# MessageKey type and core's key constants are generated from them).
# Fortnox's own terms are kept as Fortnox writes them: Integrationslicens,
# Systemadministratör, Hantera integrationer, Digital byrå.

## app
app-title = Fortnox Connect

## language
language-label = Språk

## sandbox
sandbox-banner = Demoläge: en inbyggd Fortnox-sandlåda används. Inga riktiga företagsdata berörs.

## loading
loading = Laddar …

## startup
startup-failed = Appen kunde inte starta

## back
back = Tillbaka

## next
next = Fortsätt

## cancel
cancel = Avbryt

## close
close = Stäng

## step
step-welcome = Välkommen
step-options = Vad ska föras över
step-account = Kontotyp
step-login = Logga in
step-verify = Kontroll
step-done = Klart

## steps
steps-label = Steg i guiden

## welcome
welcome-title = Koppla Fortnox till { $name }
welcome-intro = Den här guiden kopplar ditt företags Fortnox till { $name } från { $vendor }. Det tar bara ett par minuter.
welcome-how-title = Så går det till
welcome-how1 = Du väljer vad som ska föras över mellan Fortnox och { $name }.
welcome-how2 = Du väljer hur kopplingen görs. Vi rekommenderar ett servicekonto.
welcome-how3 = Du loggar in i Fortnox här i appen och godkänner kopplingen.
welcome-how4 = Vi kontrollerar att allt fungerar och slår på kopplingen.
welcome-need-title = Det här behöver du
welcome-need-login = Dina inloggningsuppgifter till Fortnox.
welcome-need-admin = För ett servicekonto: att en systemadministratör i Fortnox loggar in och godkänner.
welcome-start = Kom igång
welcome-consultant = Redovisningskonsult? Du väljer klient när du loggar in med Digital byrå.

## client
client-title = Vilken klient kopplar du?
client-intro = Valfritt: ange klientens organisationsnummer, så kontrollerar vi att du väljer rätt klient i Fortnox.
client-org-label = Klientens organisationsnummer
client-org-hint = Till exempel 556677-8899. Lämna tomt om du inte vill kontrollera.
client-org-invalid = Ett organisationsnummer har tio siffror, till exempel 556677-8899.

## options
options-title = Vad ska föras över?
options-intro = Välj vad { $name } ska få tillgång till i Fortnox. Du kan ändra detta senare.
options-need-one = Välj minst ett område.

## account
account-title = Hur ska kopplingen göras?
account-intro = Välj vem kopplingen ska höra till i Fortnox.
account-service = Servicekonto
account-service-recommended = Rekommenderas
account-service-why = Kopplingen hänger inte på en enskild person och slutar inte fungera om någon slutar. Bara en systemadministratör i Fortnox kan godkänna den.
account-user = Min egen användare
account-user-why = Kopplingen får dina behörigheter i Fortnox och är knuten till dig.
account-change-later = Vill du byta senare behöver kopplingen göras om. Det gör appen åt dig med en knapp.
account-start = Logga in i Fortnox

## login
login-title = Logga in i Fortnox
login-waiting = Ett fönster med Fortnox inloggning har öppnats. Logga in där och klicka på Godkänn & aktivera.
login-waiting-browser = Fortnox har öppnats i din webbläsare. Logga in där och klicka på Godkänn & aktivera.
login-site = Inloggningen sker på { $host }.
login-browser = Öppna i min webbläsare i stället
login-someone-else = Logga in som någon annan
login-cancel = Avbryt inloggningen
login-browser-url = Öppnades inte webbläsaren? Kopiera adressen och klistra in den i din webbläsare:
login-copy-url = Kopiera adressen

## progress
progress-waiting = Väntar på Fortnox …
progress-exchanging = Fortnox har svarat. Hämtar nycklar …
progress-verifying = Kontrollerar att allt fungerar …
progress-saving = Sparar kopplingen …
progress-starting = Öppnar inloggningen …

## verify
verify-title = Kontroll av kopplingen
verify-company = Företag
verify-org = Organisationsnummer
verify-tenant = Tenant-id
verify-approver = Godkänd av
verify-approver-admin = { $name } (systemadministratör)
verify-approver-not-admin = { $name } (inte systemadministratör)
verify-service-account = Servicekonto
verify-options-title = Det här kontrollerade vi
verify-works = Fungerar
verify-fails = Fungerar inte
verify-not-checked = Kunde inte kontrolleras
verify-enable = Slå på kopplingen
verify-enable-anyway = Slå på ändå
verify-all-good = Allt fungerar. Slå på kopplingen när du är redo.
verify-some-fail = Det mesta fungerar. Det som inte fungerar kan du åtgärda nu eller senare.
verify-recheck = Kontrollera igen
verify-expected = Förväntad klient
verify-expected-ok = Rätt klient: { $org }

## decision
decision-wrong-title = Ett annat företag än väntat
decision-wrong-text = Du väntade dig { $expected }, men kopplingen godkändes för { $actual }. Inget är sparat än.
decision-keep = Behåll ändå
decision-try-again = Försök igen
decision-existing-title = Företaget är redan kopplat
decision-existing-text = { $company } har redan en koppling. I stället för en dubblett kan den befintliga kopplingen uppdateras med det nya godkännandet.
decision-use-existing = Uppdatera befintlig koppling

## done
done-title = Kopplad till { $company } — påslagen
done-authorized-title = Kopplad till { $company }
done-text = { $name } kan nu hämta och skicka uppgifter till Fortnox. Du behöver inte göra något mer.
done-where = I Fortnox syns kopplingen under Hantera integrationer (inte under Administrera användare). Där kan den också tas bort.
done-next = Vad händer nu?
done-next1 = { $name } använder kopplingen automatiskt.
done-next2 = Kopplingen förnyas av sig själv. Om något behöver göras visar appen det här.
done-show-connections = Visa kopplingar
done-another = Koppla en till klient

## connections
connections-title = Kopplingar
connections-intro = Företag som är kopplade till { $name }.
connections-new = Koppla ett företag
connections-another = Koppla en till klient
connections-search = Sök företag eller organisationsnummer
connections-no-match = Inga kopplingar matchar sökningen.
connections-empty = Inga kopplingar än.
connections-filter = Visa
connections-filter-all = Alla
connections-filter-attention = Behöver åtgärdas
connections-filter-enabled = Påslagna
connections-filter-disabled = Avstängda
connections-filter-service = Servicekonto
connections-filter-user = Egen användare
connections-sort = Sortera efter
connections-sort-name = Namn
connections-sort-health = Behöver åtgärdas först
connections-sort-refresh = Senast förnyad
connections-showing = Visar { $shown } av { $total }
connections-check-all = Kontrollera alla
connections-reauthorize-all = Godkänn igen de som behöver ({ $count })
connections-export = Exportera listan (CSV)
connections-bulk-progress = Kontrollerar { $done } av { $total } …
connections-bulk-done = { $total } kontrollerade: { $attention } behöver åtgärdas.
connections-next-reauthorize = Nästa: godkänn { $company } igen ({ $left } kvar)

## state
state-enabled = Påslagen
state-disabled = Avstängd
state-authorized = Inte påslagen
state-needs-reauth = Behöver godkännas igen
state-other = Pågår

## account
account-service-short = Servicekonto
account-user-short = Egen användare

## health
health-expires = Förnyelsen går ut om { $days } dagar om den inte används
health-broker = { $vendor } håller kopplingen vid liv automatiskt
health-needs-reauth = Fortnox godtar inte längre godkännandet. Godkänn igen för att fortsätta.
health-missing-scopes = Nya områden behöver godkännas: { $options }
health-last-error = Senaste fel: { $title }

## action
action-reauthorize = Godkänn igen
action-enable = Slå på
action-disable = Stäng av
action-remove = Ta bort
action-activity = Händelser
action-switch-to-service = Byt till servicekonto
action-switch-to-user = Byt till egen användare
action-recheck = Kontrollera

## remove
remove-confirm-title = Ta bort kopplingen till { $company }?
remove-confirm-text = Godkännandet återkallas i Fortnox och kopplingen tas bort här. { $name } får inga nya nycklar. En nyckel som { $name } redan har fungerar tills den går ut, högst en timme. Det går att koppla igen senare.
remove-confirm-service = Det här är ett servicekonto. Företagets medgivande för servicekontot syns i Fortnox under Hantera integrationer; där kan en systemadministratör ta bort det helt.
remove-open-fortnox = Öppna Fortnox
remove-confirm = Ta bort

## switch
switch-confirm-title = Byta kontotyp för { $company }?
switch-confirm-text = Kopplingen görs om med { $to ->
        [service] ett servicekonto
       *[user] din egen användare
    }. Du loggar in och godkänner igen; när den nya kopplingen fungerar tas den gamla bort och återkallas.
switch-confirm = Gör om kopplingen

## activity
activity-title = Händelser för { $company }
activity-empty = Inga händelser än.
activity-connected = Kopplad
activity-reauthorized = Godkänd igen i Fortnox
activity-verified-ok = Kontrollerad: allt fungerar
activity-verified-failing = Kontrollerad: fungerar inte: { $options }
activity-enabled = Påslagen
activity-disabled = Avstängd
activity-refreshed = Ny åtkomstnyckel hämtad
activity-removed = Borttagen

## error
error-who = Vem behöver göra något
error-steps = Så här åtgärdar du det
error-details = Tekniska detaljer
error-region = Fel
error-unknown-title = Något gick fel

## action
action-retry = Försök igen
action-restart = Börja om
action-someone-else = Logga in som någon annan
action-open-fortnox = Öppna Fortnox
action-open-help = Öppna Fortnox hjälp
action-contact-vendor = Kontakta { $vendor }
action-copy = Kopiera detaljer
action-copied = Kopierat
action-export = Exportera diagnostik
action-exported = Sparad: { $path }
action-continue-without = Fortsätt utan { $options }

## about
about-details = Om appen
about-version = Version { $version }
about-profile = Profil: { $path }
about-builtin = Profil: inbyggd demo (sandlåda)
about-data = Data: { $path }

company-unknown = Okänt företag
connections-summary = { $total } kopplade, { $attention } behöver åtgärdas
keepalive-summary = förnyade { $refreshed }, misslyckades { $failed }, hoppade över { $skipped }

## Who must act
who-you = Du
who-system_administrator = En systemadministratör i Fortnox
who-accounting_consultant = Din redovisningskonsult
who-vendor = { $vendor } (leverantören av { $integration })
who-no_one = Ingen – appen försöker igen själv

contact-unknown = deras support
options-unknown = de valda områdena

## The error catalogue: a title, the cause and numbered steps per code

error-vendor_oauth_not_enabled = { $integration } är inte redo för inloggning med Fortnox
    .cause = Fortnox svarade att integrationens klient-id inte får användas för inloggning (OAuth 2 är inte påslaget för appen i Fortnox utvecklarportal). Det är inget du kan ändra själv.
    .step-1 = Kontakta { $vendor } ({ $contact }) och berätta att Fortnox svarar "Auth code or ClientID supplied is invalid".
    .step-2 = Bifoga gärna detaljerna nedan (knappen Kopiera detaljer).
    .step-3 = När { $vendor } har åtgärdat det: starta kopplingen igen.

error-service_account_not_allowed = { $integration } tillåter inte servicekonto ännu
    .cause = Fortnox svarade att integrationen inte får kopplas med ett servicekonto (inställningen "Service account set to administrator only" saknas i Fortnox utvecklarportal).
    .step-1 = Koppla med din egen användare i stället (knappen nedan). Det fungerar direkt.
    .step-2 = Berätta för { $vendor } ({ $contact }) att servicekonton behöver slås på för appen.

error-unsupported_scope = Fortnox godtar inte allt som ska föras över
    .cause = Fortnox svarade "An unsupported scope was requested" innan inloggningen: { $integration } har inte fått tillgång till { $options } i Fortnox utvecklarportal.
    .step-1 = Fortsätt utan { $options } (knappen nedan) om resten räcker för dig nu.
    .step-2 = Kontakta { $vendor } ({ $contact }) så att de lägger till det som saknas.
    .step-3 = Lägg till områdena senare med Auktorisera igen.

error-redirect_uri_mismatch = Integrationens återkomstadress stämmer inte
    .cause = Fortnox svarade att adressen som inloggningen ska återvända till inte stämmer med den som är registrerad för { $integration }. Det är ett inställningsfel hos leverantören.
    .step-1 = Kontakta { $vendor } ({ $contact }) och skicka med detaljerna nedan; de visar båda adresserna.

error-integration_licence_missing = Företaget saknar Fortnox Integrationslicens
    .cause = Fortnox svarade "Missing license": företaget behöver tilläggstjänsten Integration för att kunna koppla integrationer.
    .step-1 = Logga in i Fortnox som systemadministratör.
    .step-2 = Klicka på företagsnamnet och välj Administrera användare, sedan Lägg till licenser (eller gå till Tilläggsbeställning).
    .step-3 = Beställ licensen Integration.
    .step-4 = Kom tillbaka hit och starta kopplingen igen.

error-integration_not_purchased = { $integration } behöver köpas i Fortnox först
    .cause = { $integration } säljs via Fortnox integrationsbutik och företaget har inte köpt den ännu.
    .step-1 = Logga in i Fortnox och öppna Integrationer.
    .step-2 = Sök efter { $integration } och klicka på Köp.
    .step-3 = Kom tillbaka hit och starta kopplingen igen.

error-integration_not_published = { $integration } går inte att aktivera just nu
    .cause = Fortnox svarade "Resource owner does not have enough licenses": integrationen är inställd som köpbar i Fortnox men är inte publicerad. Det kan bara leverantören ändra.
    .step-1 = Kontakta { $vendor } ({ $contact }): de behöver välja "köp via webbplats" eller publicera integrationen i Fortnox utvecklarportal.

error-not_licensed_for_scope = Användaren som godkände saknar licens för ett område
    .cause = Fortnox svarade "Not licensed for requested scope": användaren som loggade in har inte licens eller behörighet för { $options }.
    .step-1 = Logga in som en användare som har rätt licenser (knappen Logga in som någon annan), eller
    .step-2 = låt en systemadministratör ge användaren licensen under Administrera användare i Fortnox, eller
    .step-3 = koppla med ett servicekonto, som inte beror på en persons licenser.

error-system_administrator_required = Bara en systemadministratör kan godkänna ett servicekonto
    .cause = Fortnox svarade "Missing system administrator": användaren som loggade in är inte systemadministratör i företagets Fortnox.
    .step-1 = Be en systemadministratör logga in och godkänna (knappen Logga in som någon annan), eller
    .step-2 = låt en systemadministratör göra dig till systemadministratör, eller
    .step-3 = koppla med din egen användare i stället.

error-authorization_not_completed = Godkännandet slutfördes inte
    .cause = Inloggningen i Fortnox avbröts, fönstret stängdes eller tiden (10 minuter) gick ut innan kopplingen godkändes. Inget har sparats.
    .step-1 = Klicka på Börja om för att logga in i Fortnox igen.
    .step-2 = Logga in och klicka på Godkänn & aktivera i Fortnox.

error-locked_or_unpaid_account = Fortnox skickade tillbaka utan svar
    .cause = Fortnox skickade tillbaka inloggningen utan godkännande och utan felmeddelande. Det brukar betyda att företagets Fortnox-konto är spärrat, till exempel på grund av en obetald faktura.
    .step-1 = Logga in på fortnox.se och se om det finns ett meddelande om kontot.
    .step-2 = Kontakta Fortnox support om kontot är spärrat.
    .step-3 = Starta kopplingen igen när kontot är öppet.

error-state_mismatch = Svaret från Fortnox hörde inte till den här kopplingen
    .cause = Svaret som kom tillbaka kunde inte kopplas till en inloggning som appen startade (det saknades, var gammalt, redan använt eller avsett för en annan server). Av säkerhetsskäl användes det inte.
    .step-1 = Klicka på Börja om och logga in igen härifrån.

error-authorization_code_expired = Godkännandet hann gå ut
    .cause = Fortnox godtog inte godkännandet: det var redan använt eller äldre än 10 minuter.
    .step-1 = Klicka på Börja om och godkänn igen.

error-client_secret_rejected = Fortnox godtog inte integrationens nyckel
    .cause = Fortnox svarade att integrationens klient-id eller klienthemlighet är fel. Det är ett inställningsfel hos leverantören eller i installationen.
    .step-1 = Kontakta { $vendor } ({ $contact }) och skicka med detaljerna nedan.

error-client_secret_missing = Integrationens nyckel saknas på den här datorn
    .cause = Integrationen ska använda en klienthemlighet som inte finns här (miljövariabeln eller nyckelringen är tom).
    .step-1 = Fråga { $vendor } ({ $contact }) hur nyckeln ska anges för den här installationen.
    .step-2 = Starta appen igen när nyckeln finns.


error-scope_not_granted = Kopplingen saknar behörighet för ett område
    .cause = Fortnox svarade "Har inte behörighet för scope": godkännandet omfattar inte { $options }.
    .step-1 = Klicka på Auktorisera igen och godkänn i Fortnox; dina val behålls.

error-scopes_missing_for_options = Nya områden behöver godkännas
    .cause = { $options } lades till efter att kopplingen godkändes. Fortnox ger bara tillgång till det som fanns med när kopplingen godkändes.
    .step-1 = Klicka på Auktorisera igen för att godkänna de nya områdena.

error-module_licence_missing = Företaget saknar licens för { $options }
    .cause = Fortnox svarade "Det finns ingen aktiv licens för önskat scope" (2001101): företaget har inte det Fortnox-program som { $options } kräver.
    .step-1 = Låt en systemadministratör lägga till programmet i Fortnox (Tilläggsbeställning eller Administrera användare).
    .step-2 = Klicka sedan på Försök igen. Övriga områden fungerar under tiden.

error-missing_permission = Användaren som godkände saknar behörighet
    .cause = Fortnox svarade "Saknar behörighet": kopplingen gäller en användare som inte har behörighet till { $options } i Fortnox.
    .step-1 = Låt en systemadministratör ge användaren behörighet (till exempel kunder och projekt) under Användare i Fortnox, och klicka på Försök igen, eller
    .step-2 = koppla om med ett servicekonto, som inte beror på en persons behörigheter.

error-missing_rights_for_documents = Användaren får inte läsa eller skapa order, fakturor eller offerter
    .cause = Kopplingen godkändes av en användare utan rätt behörighet. Det händer ofta när en redovisningskonsult loggar in med en användare som skapats inne i klientens företag.
    .step-1 = Auktorisera igen med en användare som har rätt behörighet.
    .step-2 = Redovisningskonsulter: logga in med Digital byrå och välj klienten.

error-warehouse_scopes_missing = Lager kräver fler behörigheter
    .cause = Lagerfunktionerna kräver behörigheterna warehouse, warehousecustomdocument och article. { $integration } ber inte om alla.
    .step-1 = Kontakta { $vendor } ({ $contact }) så att de lägger till behörigheterna.

error-account_not_found = Ett bokföringskonto saknas i Fortnox
    .cause = Fortnox svarade "Kunde inte hitta konto" (2001304): kontot finns inte i kontoplanen, eller så har företaget inte valt fördefinierade konton.
    .step-1 = I Fortnox: gå till Inställningar → Bokföring → Fördefinierade konton och fyll i dem.
    .step-2 = Klicka sedan på Försök igen.

error-api_licence_missing = Företaget saknar licens för integrationer
    .cause = Fortnox svarade "Api-licens saknas": företaget har inte (längre) Integrationslicensen.
    .step-1 = Låt en systemadministratör beställa licensen Integration under Tilläggsbeställning eller Administrera användare i Fortnox.
    .step-2 = Klicka sedan på Försök igen.

error-api_credentials_invalid = Fortnox godtog inte integrationens inloggning
    .cause = Fortnox svarade "Ogiltig inloggning": nyckeln som integrationen skickar saknas eller är fel.
    .step-1 = Kontakta { $vendor } ({ $contact }) och skicka med detaljerna nedan.

error-token_rejected = Fortnox godtar inte längre kopplingen
    .cause = Fortnox avvisade kopplingens inloggning. Den kan ha tagits bort i Fortnox (under Hantera integrationer) eller gått ut.
    .step-1 = Klicka på Auktorisera igen och godkänn i Fortnox; dina val behålls.

error-refresh_token_invalid = Kopplingen behöver godkännas igen
    .cause = Fortnox svarade "Invalid refresh token": kopplingens förnyelse har gått ut (45 dagar utan användning) eller återkallats i Fortnox.
    .step-1 = Klicka på Auktorisera igen och godkänn i Fortnox; dina val behålls.

error-refresh_interrupted = Förnyelsen avbröts och kopplingen behöver godkännas igen
    .cause = Ett program stängdes mitt under förnyelsen av kopplingen, efter att Fortnox bytt nyckel men innan den nya hann sparas. Den gamla nyckeln fungerar inte längre.
    .step-1 = Klicka på Auktorisera igen och godkänn i Fortnox; dina val behålls.

error-rate_limited = Fortnox ber oss vänta en stund
    .cause = Fortnox tar emot högst 25 anrop per 5 sekunder per företag. Appen väntade och försökte igen, men Fortnox svarar fortfarande att det är för många.
    .step-1 = Vänta en minut och klicka på Försök igen. Inget har gått förlorat.

error-fortnox_unavailable = Det gick inte att nå Fortnox
    .cause = Nätverket är nere, anslutningen bröts eller Fortnox svarar inte just nu. Inget har gått förlorat.
    .step-1 = Kontrollera att datorn är ansluten till internet.
    .step-2 = Klicka på Försök igen om en stund.

error-invalid_response = Fortnox svarade på ett oväntat sätt
    .cause = Svaret från Fortnox gick inte att läsa (fel format eller för stort). Inget har sparats.
    .step-1 = Klicka på Försök igen om en stund.
    .step-2 = Händer det igen: exportera diagnostik och skicka den till { $vendor } ({ $contact }).

error-keyring_unavailable = Datorns nyckelring saknas
    .cause = Kopplingens nycklar sparas bara i operativsystemets nyckelring, aldrig i vanliga filer. Ingen nyckelring (Secret Service) hittades.
    .step-1 = Linux: installera och starta gnome-keyring (eller KWallet) och logga in i skrivbordet på vanligt sätt.
    .step-2 = Windows och macOS: logga in med ditt vanliga konto; nyckelringen finns där.
    .step-3 = Klicka sedan på Försök igen.

error-keyring_locked = Datorns nyckelring är låst
    .cause = Nyckelringen där kopplingens nycklar sparas är låst, så de kan inte läsas eller sparas.
    .step-1 = Lås upp nyckelringen (till exempel i programmet Lösenord och nycklar / Seahorse).
    .step-2 = Klicka sedan på Försök igen.

error-storage_failed = Det gick inte att spara på datorn
    .cause = Appen kunde inte skriva sina inställningar (disken kan vara full eller skrivskyddad). Det som redan var sparat är oförändrat.
    .step-1 = Frigör diskutrymme eller kontrollera behörigheterna och klicka på Försök igen.

error-loopback_port_busy = Ett annat program använder porten för inloggningen
    .cause = Inloggning i webbläsaren behöver en bestämd port på den här datorn, men ett annat program använder den.
    .step-1 = Stäng andra Fortnox Connect-fönster eller kommandon som väntar på inloggning.
    .step-2 = Klicka på Försök igen.

error-profile_invalid = Integrationens inställningsfil är felaktig
    .cause = Filen som { $vendor } levererar med integrationen kunde inte läsas. Detaljerna visar vilket fält som är fel.
    .step-1 = Kontakta { $vendor } ({ $contact }) och skicka med detaljerna nedan.

error-connection_not_found = Kopplingen finns inte
    .cause = Det finns ingen koppling med det id:t. Den kan ha tagits bort.
    .step-1 = Visa kopplingarna och välj en som finns.

error-connection_not_chosen = Säg vilken koppling
    .cause = Flera kopplingar är påslagna, eller ingen, så det går inte att gissa vilken du menar.
    .step-1 = Visa kopplingarna med fortnox-connect status.
    .step-2 = Ange kopplingens id, till exempel fortnox-connect token ID.

error-connection_not_enabled = Kopplingen är inte påslagen
    .cause = Kopplingen är avstängd eller inte påslagen än, så den lämnar inte ut några nycklar.
    .step-1 = Slå på kopplingen i Fortnox Connect först.

error-connection_needs_reauthorization = Kopplingen behöver godkännas igen
    .cause = Fortnox godtar inte längre kopplingens godkännande. Dina val finns kvar.
    .step-1 = Klicka på Auktorisera igen och godkänn i Fortnox.

error-login_unavailable = Fortnox inloggning gick inte att visa
    .cause = Inloggningsfönstret eller webbläsaren kunde inte öppnas. Inget har hänt i Fortnox.
    .step-1 = Klicka på Försök igen.
    .step-2 = Går det inte: välj Öppna i min webbläsare i stället, eller starta om Fortnox Connect.
    .step-3 = Händer det igen: exportera diagnostik och skicka den till { $vendor } ({ $contact }).

error-connection_busy = Kopplingen används just nu
    .cause = Ett annat program (eller ett annat fönster) håller på med samma koppling och blev inte klart i tid, till exempel för att det väntar på att nyckelringen ska låsas upp. Inget har gått förlorat.
    .step-1 = Se efter om datorn ber dig låsa upp nyckelringen, och gör det.
    .step-2 = Klicka på Försök igen.

error-broker_unavailable = { $integration }s tjänst svarar inte
    .cause = Nycklarna till Fortnox hämtas via en tjänst hos { $vendor }. Den gick inte att nå just nu. Inget har gått förlorat.
    .step-1 = Kontrollera att datorn är ansluten till internet.
    .step-2 = Klicka på Försök igen om en stund.
    .step-3 = Händer det igen: kontakta { $vendor } ({ $contact }).

error-broker_installation_unknown = { $integration }s tjänst känner inte igen datorn
    .cause = Tjänsten hos { $vendor } som sköter nycklarna känner inte längre igen den här datorn. Kopplingen behöver godkännas igen i Fortnox. Dina val finns kvar.
    .step-1 = Klicka på Auktorisera igen och godkänn i Fortnox.
    .step-2 = Händer det igen: kontakta { $vendor } ({ $contact }).

error-broker_connection_unknown = Kopplingen finns inte längre hos { $vendor }
    .cause = Tjänsten hos { $vendor } som sköter nycklarna har inte kvar den här kopplingen. Den behöver godkännas igen i Fortnox. Dina val finns kvar.
    .step-1 = Klicka på Auktorisera igen och godkänn i Fortnox.

error-broker_misconfigured = { $integration } är inte rätt inställd
    .cause = Tjänsten hos { $vendor } som sköter nycklarna hör inte ihop med den här installationen (fel app eller fel version). Det är inget du kan ändra själv.
    .step-1 = Kontakta { $vendor } ({ $contact }) och skicka med detaljerna nedan.

error-connection_of_another_profile = Kopplingen hör till en annan integration
    .cause = Kopplingen gjordes med en annan integration (annan Fortnox-app eller annan Fortnox-server) än den som används nu. Den används aldrig med den här, så att inga nycklar hamnar hos fel part.
    .step-1 = Använd Fortnox Connect med den integration som kopplingen gjordes med.
    .step-2 = Är du osäker: kontakta { $vendor } ({ $contact }) och skicka med detaljerna nedan.

error-unknown = Något gick fel
    .cause = Ett oväntat fel inträffade. Texten från Fortnox eller nätverket finns under tekniska detaljer.
    .step-1 = Klicka på Försök igen.
    .step-2 = Händer det igen: exportera diagnostik och skicka den till { $vendor } ({ $contact }).

## the login window's title (the site it is on, so a person can check it)
login-window-title = Logga in i Fortnox — { $site }
login-window-title-sandbox = Logga in i Fortnox — { $site } (Fortnox-sandlåda)

## the command line (fortnox-connect)
generic-integration = integrationen
generic-vendor = Leverantören
cli-login-at = Logga in i Fortnox på den här adressen:
cli-waiting = Väntar på svar från Fortnox (högst 10 minuter) …
cli-connected = Ansluten till { $company } — { $account }.
cli-reauthorized = Godkänd igen: { $company } — { $account }.
cli-is-enabled = Kopplingen är påslagen.
cli-enable-with = Slå på den med: fortnox-connect enable { $id }
cli-decision-discarded = Inget sparades, och godkännandet återkallades i Fortnox.
cli-no-connections = Inga kopplingar än. Skapa en med: fortnox-connect connect
cli-field-state = tillstånd
cli-field-account = konto
cli-field-options = områden
cli-removed = Borttagen och återkallad i Fortnox: { $company } ({ $id })
cli-refreshed = Förnyad. Ny åtkomstnyckel giltig till { $until }.
cli-keepalive-progress = Förnyar { $done } av { $total } …
cli-keepalive-nothing = Inget att göra: alla kopplingar är nyligen förnyade.
cli-keepalive-failed = Misslyckades: { $id }: { $title }
cli-exported = Anslutningarna sparade (utan hemligheter): { $path }
cli-diagnostics = Diagnostik sparad (utan hemligheter): { $path }
