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

## update
update-ready = Version { $version } är klar att installera
update-restart = Starta om och uppdatera
update-notes = Nyheter
update-later = Senare
update-installing = Installerar version { $version } …
update-check = Sök efter uppdateringar
update-checking = Söker efter uppdateringar …
update-none = Du har den senaste versionen ({ $version }).
update-waits-for-login = Uppdateringen väntar tills kopplingen du håller på med är klar.

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
keepalive-summary = förnyade { $refreshed }, misslyckades { $failed }, hoppade över { $skipped }, kontrollerade { $checked }

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
    .cause = Fortnox svarar att integrationens klient-id inte får användas för att logga in. OAuth 2 är inte påslaget för appen i Fortnox utvecklarportal. Det kan du inte ändra själv.
    .step-1 = Kontakta { $vendor } ({ $contact }). Säg att Fortnox svarar "Auth code or ClientID supplied is invalid".
    .step-2 = Skicka gärna med detaljerna nedan. Använd knappen Kopiera detaljer.
    .step-3 = Starta kopplingen igen när { $vendor } har löst det.

error-service_account_not_allowed = { $integration } tillåter inte servicekonto ännu
    .cause = Fortnox svarar att integrationen inte får kopplas med ett servicekonto. Det beror på en inställning i Fortnox utvecklarportal. Där saknas "Service account set to administrator only".
    .step-1 = Koppla med din egen användare i stället. Använd knappen nedan. Då går det direkt.
    .step-2 = Be { $vendor } ({ $contact }) att slå på servicekonton för appen.

error-unsupported_scope = Fortnox godtar inte allt som ska föras över
    .cause = Fortnox sa nej redan före inloggningen. { $integration } har inte fått tillgång till { $options } i Fortnox utvecklarportal.
    .step-1 = Fortsätt utan { $options } (knappen nedan) om resten räcker för dig nu.
    .step-2 = Kontakta { $vendor } ({ $contact }) så att de lägger till det som saknas.
    .step-3 = Lägg till områdena senare med Godkänn igen.

error-redirect_uri_mismatch = Integrationens återkomstadress stämmer inte
    .cause = Efter inloggningen ska du komma tillbaka till en viss adress. Fortnox svarar att den är fel. Den stämmer inte med adressen som är registrerad för { $integration }. Det är ett fel hos leverantören.
    .step-1 = Kontakta { $vendor } ({ $contact }). Skicka med detaljerna nedan. De visar båda adresserna.

error-integration_licence_missing = Företaget saknar Fortnox Integrationslicens
    .cause = Fortnox svarar att en licens saknas. Företaget måste ha tilläggstjänsten Integration. Annars går det inte att koppla integrationer.
    .step-1 = Logga in i Fortnox som systemadministratör.
    .step-2 = Klicka på företagets namn och välj Administrera användare. Välj sedan Lägg till licenser. Eller gå till Tilläggsbeställning.
    .step-3 = Beställ licensen som heter Integration.
    .step-4 = Kom hit igen och klicka på Börja om.

error-integration_not_purchased = { $integration } behöver köpas i Fortnox först
    .cause = { $integration } säljs via Fortnox integrationsbutik och företaget har inte köpt den ännu.
    .step-1 = Logga in i Fortnox och öppna Integrationer.
    .step-2 = Sök efter { $integration } och klicka på Köp.
    .step-3 = Kom tillbaka hit och starta kopplingen igen.

error-integration_not_published = { $integration } går inte att aktivera just nu
    .cause = Fortnox svarar att det saknas licenser. Men det beror på att integrationen är köpbar i Fortnox utan att vara publicerad. Bara leverantören kan ändra det.
    .step-1 = Kontakta { $vendor } ({ $contact }). De måste välja "köp via webbplats". Eller så måste de publicera integrationen i Fortnox utvecklarportal.

error-not_licensed_for_scope = Användaren som godkände saknar licens för ett område
    .cause = Fortnox svarar att den som loggade in saknar licens eller behörighet för { $options }.
    .step-1 = Logga in som en användare med rätt licenser. Använd knappen Logga in som någon annan.
    .step-2 = Du kan också be en systemadministratör ge användaren licensen. Det görs under Administrera användare i Fortnox.
    .step-3 = Eller koppla med ett servicekonto. Det beror inte på en persons licenser.

error-system_administrator_required = Bara en systemadministratör kan godkänna ett servicekonto
    .cause = Fortnox svarar att den som loggade in inte är systemadministratör i företagets Fortnox.
    .step-1 = Be en systemadministratör logga in och godkänna. Använd knappen Logga in som någon annan.
    .step-2 = Du kan också be en systemadministratör göra dig till systemadministratör.
    .step-3 = Eller koppla med din egen användare i stället.

error-authorization_not_completed = Godkännandet slutfördes inte
    .cause = Kopplingen blev aldrig godkänd. Inloggningen i Fortnox avbröts eller fönstret stängdes. Eller så tog tiden slut (10 minuter). Inget är sparat.
    .step-1 = Klicka på Börja om för att logga in i Fortnox igen.
    .step-2 = Logga in och klicka på Godkänn & aktivera.

error-locked_or_unpaid_account = Fortnox skickade tillbaka utan svar
    .cause = Du kom tillbaka från Fortnox utan ett godkännande och utan ett felmeddelande. Det brukar betyda att företagets konto i Fortnox är spärrat. Det kan bero på en obetald faktura.
    .step-1 = Logga in på fortnox.se. Se om det finns ett meddelande om kontot.
    .step-2 = Är kontot spärrat? Kontakta då Fortnox support.
    .step-3 = Starta kopplingen igen när kontot är öppet.

error-state_mismatch = Svaret från Fortnox hörde inte till den här kopplingen
    .cause = Svaret som kom tillbaka hörde inte till en inloggning som appen startade. Det saknades, var gammalt, redan använt eller gällde en annan server. Av säkerhetsskäl användes det inte.
    .step-1 = Klicka på Börja om och logga in igen härifrån.

error-authorization_code_expired = Godkännandet hann gå ut
    .cause = Fortnox godtog inte godkännandet: det var redan använt eller äldre än 10 minuter.
    .step-1 = Klicka på Börja om och godkänn igen.

error-client_secret_rejected = Fortnox godtog inte integrationens nyckel
    .cause = Fortnox svarar att klient-id eller klienthemlighet är fel. Det är ett fel hos leverantören eller i installationen.
    .step-1 = Kontakta { $vendor } ({ $contact }). Skicka med detaljerna nedan.

error-client_secret_missing = Integrationens nyckel saknas på den här datorn
    .cause = Integrationen ska använda en klienthemlighet som inte finns här. Miljövariabeln eller nyckelringen är tom.
    .step-1 = Fråga { $vendor } ({ $contact }) hur nyckeln ska anges för den här installationen.
    .step-2 = Starta appen igen när nyckeln finns.


error-scope_not_granted = Kopplingen saknar behörighet för ett område
    .cause = Fortnox svarar "Har inte behörighet för scope". Godkännandet gäller inte { $options }.
    .step-1 = Klicka på Godkänn igen. Logga sedan in i Fortnox och godkänn. Dina val finns kvar.

error-scopes_missing_for_options = Nya områden behöver godkännas
    .cause = { $options } lades till efter att kopplingen godkändes. Fortnox ger bara tillgång till det som fanns med då. Det nya måste du godkänna.
    .step-1 = Klicka på Godkänn igen. Logga sedan in i Fortnox och godkänn det nya.

error-module_licence_missing = Företaget saknar licens för { $options }
    .cause = Fortnox svarar "Det finns ingen aktiv licens för önskat scope" (2001101). Företaget har inte det Fortnox-program som { $options } kräver.
    .step-1 = Be en systemadministratör lägga till programmet i Fortnox. Det görs under Tilläggsbeställning eller Administrera användare.
    .step-2 = Klicka sedan på Försök igen. Övriga områden fungerar under tiden.

error-missing_permission = Användaren som godkände saknar behörighet
    .cause = Fortnox svarar "Saknar behörighet". Kopplingen hör alltså till en användare som inte har rätt till { $options }.
    .step-1 = Be en systemadministratör ge användaren den behörighet som saknas, till exempel för kunder och projekt. Det görs under Användare i Fortnox. Klicka sedan på Försök igen.
    .step-2 = Du kan också koppla om med ett servicekonto. Det beror inte på en persons behörigheter.

error-missing_rights_for_documents = Användaren får inte läsa eller skapa order, fakturor eller offerter
    .cause = Den som godkände kopplingen har inte rätt behörighet. Det händer ofta när en redovisningskonsult loggar in med en användare som skapats hos klienten.
    .step-1 = Klicka på Godkänn igen. Logga in med en användare som har rätt behörighet.
    .step-2 = Är du redovisningskonsult? Logga då in med Digital byrå och välj klienten.

error-warehouse_scopes_missing = Lager kräver fler behörigheter
    .cause = Lager kräver tre behörigheter: warehouse, warehousecustomdocument och article. { $integration } ber inte om alla.
    .step-1 = Kontakta { $vendor } ({ $contact }) så att de lägger till behörigheterna.

error-account_not_found = Ett bokföringskonto saknas i Fortnox
    .cause = Fortnox svarar "Kunde inte hitta konto" (2001304). Kontot finns inte i kontoplanen, eller så har företaget inte valt fördefinierade konton.
    .step-1 = I Fortnox: gå till Inställningar → Bokföring → Fördefinierade konton och fyll i dem.
    .step-2 = Klicka sedan på Försök igen.

error-api_licence_missing = Företaget saknar licens för integrationer
    .cause = Fortnox svarar "Api-licens saknas". Det betyder att företaget inte har Integrationslicensen, eller inte har den kvar.
    .step-1 = Be en systemadministratör skaffa den i Fortnox. Den heter Integration och finns under Tilläggsbeställning eller Administrera användare.
    .step-2 = Klicka sedan på Försök igen.

error-api_credentials_invalid = Fortnox godtog inte integrationens inloggning
    .cause = Fortnox svarar att nyckeln från integrationen saknas eller är fel. Det är inget du kan ändra själv.
    .step-1 = Kontakta { $vendor } ({ $contact }). Skicka med detaljerna nedan.

error-token_rejected = Fortnox godtar inte längre kopplingen
    .cause = Fortnox godtog inte kopplingens inloggning. Den kan ha tagits bort i Fortnox under Hantera integrationer. Eller så har den gått ut.
    .step-1 = Klicka på Godkänn igen. Logga sedan in i Fortnox och godkänn. Dina val finns kvar.

error-refresh_token_invalid = Kopplingen behöver godkännas igen
    .cause = Fortnox svarar att kopplingen inte går att förnya. Den har inte använts på 45 dagar, eller så har den återkallats i Fortnox.
    .step-1 = Klicka på Godkänn igen. Logga sedan in i Fortnox och godkänn. Dina val finns kvar.

error-refresh_interrupted = Förnyelsen avbröts och kopplingen behöver godkännas igen
    .cause = Ett program stängdes mitt i förnyelsen av kopplingen. Fortnox hade då bytt nyckel, men den nya hann inte sparas. Den gamla nyckeln gäller inte längre.
    .step-1 = Klicka på Godkänn igen. Logga sedan in i Fortnox och godkänn. Dina val finns kvar.

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
    .cause = Kopplingens nycklar sparas bara i datorns nyckelring, aldrig i en vanlig fil. Appen hittar ingen nyckelring (Secret Service).
    .step-1 = Linux: installera och starta gnome-keyring (eller KWallet). Logga sedan in i skrivbordet som du brukar.
    .step-2 = Windows och macOS: logga in på ditt konto som du brukar. Där finns nyckelringen redan.
    .step-3 = Klicka sedan på Försök igen.

error-keyring_locked = Datorns nyckelring är låst
    .cause = Nycklarna till kopplingen sparas i datorns nyckelring. Den är låst. Då kan appen inte läsa eller spara dem.
    .step-1 = Lås upp nyckelringen. Det går till exempel i programmet Lösenord och nycklar / Seahorse.
    .step-2 = Klicka sedan på Försök igen.

error-storage_failed = Det gick inte att läsa eller spara appens filer
    .cause = Appen kunde inte läsa eller skriva sina filer på datorn. Disken kan vara full eller skrivskyddad, eller så är en fil skadad. Inget ändrades. Detaljerna visar vilken fil det gäller.
    .step-1 = Frigör diskutrymme eller kontrollera mappens behörigheter och klicka på Försök igen.
    .step-2 = Om detaljerna säger att en fil är skadad: skicka dem till { $vendor } med Exportera diagnostik.

error-loopback_port_busy = Ett annat program använder porten för inloggningen
    .cause = Inloggning i webbläsaren kräver en viss port på den här datorn. Men ett annat program använder den.
    .step-1 = Stäng andra Fortnox Connect-fönster. Stäng också kommandon som väntar på inloggning.
    .step-2 = Klicka på Försök igen.

error-profile_invalid = Integrationens inställningsfil är felaktig
    .cause = Filen som { $vendor } skickar med integrationen gick inte att läsa. Detaljerna visar vilket fält som är fel.
    .step-1 = Kontakta { $vendor } ({ $contact }). Skicka med detaljerna nedan.

error-connection_not_found = Kopplingen finns inte
    .cause = Det finns ingen koppling med det id:t. Den kan ha tagits bort.
    .step-1 = Visa kopplingarna och välj en som finns.

error-connection_not_chosen = Säg vilken koppling
    .cause = Flera kopplingar är påslagna, eller ingen, så det går inte att gissa vilken du menar.
    .step-1 = Visa kopplingarna med fortnox-connect status.
    .step-2 = Ange kopplingens id, till exempel fortnox-connect token ID.

error-connection_not_enabled = Kopplingen är inte påslagen
    .cause = Kopplingen är avstängd, eller så har den inte slagits på än. Då lämnar den inte ut några nycklar.
    .step-1 = Slå på den i Fortnox Connect först.

error-connection_needs_reauthorization = Kopplingen behöver godkännas igen
    .cause = Fortnox godtar inte längre det gamla godkännandet. Dina val finns kvar.
    .step-1 = Klicka på Godkänn igen. Logga sedan in i Fortnox och godkänn.

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
    .cause = Tjänsten hos { $vendor } som sköter nycklarna känner inte längre igen den här datorn. Kopplingen måste godkännas igen i Fortnox. Dina val finns kvar.
    .step-1 = Klicka på Godkänn igen. Logga sedan in i Fortnox och godkänn.
    .step-2 = Händer det igen: kontakta { $vendor } ({ $contact }).

error-broker_connection_unknown = Kopplingen finns inte längre hos { $vendor }
    .cause = Tjänsten hos { $vendor } som sköter nycklarna har inte kvar den här kopplingen. Den måste godkännas igen i Fortnox. Dina val finns kvar.
    .step-1 = Klicka på Godkänn igen. Logga sedan in i Fortnox och godkänn.

error-approval_used_elsewhere = Godkännandet användes också av en annan dator
    .cause = Godkännandet som du gav i Fortnox kom till tjänsten hos { $vendor } från två datorer. Bara en av dem kan vara din. Därför stoppades kopplingen i Fortnox, för säkerhets skull. Inget sparades här.
    .step-1 = Klicka på Börja om. Logga in i Fortnox och godkänn igen.
    .step-2 = Om det händer igen kan någon se adresserna som du öppnar. Kontakta { $vendor } ({ $contact }).

error-broker_misconfigured = { $integration } är inte rätt inställd
    .cause = Tjänsten hos { $vendor } som sköter nycklarna hör inte ihop med den här installationen (fel app eller fel version). Det är inget du kan ändra själv.
    .step-1 = Kontakta { $vendor } ({ $contact }) och skicka med detaljerna nedan.

error-connection_of_another_profile = Kopplingen hör till en annan integration
    .cause = Kopplingen gjordes med en annan integration än den som används nu. Det kan vara en annan Fortnox-app eller en annan Fortnox-server. Därför används den aldrig med den här. Så hamnar inga nycklar hos fel part.
    .step-1 = Använd Fortnox Connect med den integration som kopplingen gjordes med.
    .step-2 = Är du osäker: kontakta { $vendor } ({ $contact }) och skicka med detaljerna nedan.

error-update_signature_invalid = En uppdatering installerades inte: den är inte signerad av { $vendor }
    .cause = En ny version erbjöds, men dess signatur stämmer inte med nyckeln i den här appen. Den kan ha ändrats på vägen, eller så kom den inte från { $vendor }. Inget installerades, och din version fungerar som förut.
    .step-1 = Fortsätt använda appen som den är.
    .step-2 = Berätta det för { $vendor } ({ $contact }), så att de kan kontrollera sin uppdateringsserver.

error-update_downgrade = En äldre version erbjöds och installerades inte
    .cause = { $vendor } erbjuder en äldre version än din. Appen går aldrig tillbaka till en äldre. Din version fungerar som förut.
    .step-1 = Fortsätt använda appen som den är.
    .step-2 = Säg till { $vendor } ({ $contact }) om det händer igen.

error-update_not_for_this_computer = Det finns ingen uppdatering för den här datorn
    .cause = Uppdateringsservern hos { $vendor } har en ny version, men inte för den här sortens dator. Din version fungerar som förut.
    .step-1 = Fortsätt använda appen som den är.
    .step-2 = Berätta det för { $vendor } ({ $contact }) om det fortsätter.

error-update_feed_unavailable = Det gick inte att söka efter uppdateringar just nu
    .cause = Uppdateringsservern hos { $vendor } svarade inte i tid. Din version fungerar som förut, och appen söker igen i morgon.
    .step-1 = Kontrollera att datorn är ansluten till internet.
    .step-2 = Klicka på Försök igen, eller vänta till i morgon.

error-update_feed_invalid = En uppdatering installerades inte: filen gick inte att använda
    .cause = { $vendor } skickade något som inte kan vara en uppdatering, till exempel en alldeles för stor fil. Inget har installerats. Din version fungerar som förut.
    .step-1 = Fortsätt använda appen som den är.
    .step-2 = Säg till { $vendor } ({ $contact }) om det händer igen.

error-update_incomplete = En uppdatering laddades bara ner delvis
    .cause = Nedladdningen av den nya versionen avbröts innan hela filen kom. Inget installerades, och din version fungerar som förut.
    .step-1 = Klicka på Försök igen, eller vänta till i morgon.

error-update_install_failed = Uppdateringen gick inte att installera
    .cause = Den nya versionen laddades ner och kontrollerades, men datorn installerade den inte, till exempel för att rutan för lösenordet stängdes. Din version fungerar som förut, och dina kopplingar är orörda.
    .step-1 = Klicka på Försök igen och skriv ditt lösenord när datorn frågar.
    .step-2 = Händer det igen: exportera diagnostik och skicka den till { $vendor } ({ $contact }).

error-update_not_installed_from_package = Den här kopian av appen kan inte uppdatera sig själv
    .cause = Fortnox Connect uppdaterar sig själv bara när den installerats med installationsprogrammet från { $vendor }. Den här kopian startades på ett annat sätt.
    .step-1 = Installera den nya versionen på samma sätt som du installerade den här.

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
cli-schedule-present = Den dagliga förnyelsen är inlagd i Schemaläggaren ({ $task }).
cli-schedule-removed = Den dagliga förnyelsen togs bort ur Schemaläggaren.
cli-schedule-absent = Ingen daglig förnyelse är inlagd i Schemaläggaren.
cli-schedule-unsupported = På det här systemet sköter paketets egen timer den dagliga förnyelsen: det finns inget att lägga in.
cli-schedule-failed = Den dagliga förnyelsen kunde inte läggas in i Schemaläggaren: { $reason }
schedule-task-description = Förnyar Fortnox-kopplingarna en gång om dagen, så att en koppling som integrationen inte har använt på flera veckor inte slutar gälla.

## Windows: appen utan Microsoft Edge WebView2
webview-missing-title = Fortnox Connect behöver Microsoft Edge WebView2
webview-missing-text = Fortnox Connect visar sina fönster med Microsoft Edge WebView2, som saknas på den här datorn. Det är gratis från Microsoft och ingår i Windows 11.

    Installera det och starta sedan Fortnox Connect igen. Om du kör installationsprogrammet för Fortnox Connect igen erbjuds det också.

    Vill du öppna Microsofts nedladdningssida nu?

## logga ut den här datorn
sign-out-label = Logga ut den här datorn
sign-out-title = Logga ut den här datorn?
sign-out-text = { $count ->
    [one] Kopplingen tas bort från den här datorn och stoppas i Fortnox. { $integration } får inga uppgifter från den förrän någon kopplar igen.
   *[other] Alla { $count } kopplingar tas bort från den här datorn och stoppas i Fortnox. { $integration } får inga uppgifter från dem förrän någon kopplar igen.
}
sign-out-confirm = Logga ut
sign-out-done = Datorn är utloggad: { $count ->
    [one] kopplingen
   *[other] { $count } kopplingar
} stoppades i Fortnox.
cli-sign-out-needs-yes = Det här tar bort alla kopplingar och stoppar var och en i Fortnox. Lägg till --yes för att göra det.

## webbläsarens sida efter en inloggning (loopback-lyssnaren)
loopback-done-title = Klart – du kan stänga fönstret
loopback-done-text = Fortnox har svarat. Gå tillbaka till Fortnox Connect; du kan stänga det här fönstret.
loopback-other-title = Det här är inte inloggningen som pågår
loopback-other-text = Adressen hör inte till inloggningen som Fortnox Connect väntar på. Den har inte påverkat något. Gå tillbaka till Fortnox Connect.
loopback-empty-title = Fortnox skickade inget svar
loopback-empty-text = Adressen kom tillbaka utan svar, så den har inte påverkat något, och Fortnox Connect väntar fortfarande på inloggningen. Om du loggade in i Fortnox kan ditt konto vara spärrat eller obetalt: kontrollera det i Fortnox och logga sedan in igen.

## kopplingstabellen (en byrås många klienter)
table-renewed-automatic = Automatiskt
table-renewed-by = Förnyas av { $vendor }s server
table-bulk-enabled = { $count ->
    [one] 1 koppling påslagen.
   *[other] { $count } kopplingar påslagna.
}
table-bulk-disabled = { $count ->
    [one] 1 koppling avstängd.
   *[other] { $count } kopplingar avstängda.
}
table-label = { $shown } av { $total } kopplingar
table-col-company = Företag
table-col-state = Läge
table-col-account = Konto
table-col-transfers = Överförs
table-col-renewed = Senast förnyad
table-col-needs = Behöver göras
table-col-actions = Åtgärder
table-nothing-needed = Inget
table-select-all = Markera alla { $count } som visas
table-select-row = Markera { $company }
table-row-menu = Mer för { $company }
table-selected = { $count } markerade
table-selected-hidden = ({ $hidden } visas inte av sökningen)
table-bulk-check = Kontrollera
table-bulk-reauthorize = Godkänn igen ({ $count })
table-bulk-enable = Slå på
table-bulk-disable = Stäng av
table-bulk-export = Exportera markerade
table-bulk-clear = Avmarkera
table-enable-title = { $count ->
    [one] Slå på 1 koppling?
   *[other] Slå på { $count } kopplingar?
}
table-enable-text = Integrationen börjar använda dem igen. En som först måste godkännas igen lämnas som den är.
table-disable-title = { $count ->
    [one] Stänga av 1 koppling?
   *[other] Stänga av { $count } kopplingar?
}
table-disable-text = Integrationen slutar använda dem tills du slår på dem igen. Inget tas bort, och inget ändras i Fortnox.
table-and-more = och { $more } till

## skrivbordsnotiser (en koppling behöver en person)
notify-one = { $what }. { $who } behöver göra något.
notify-many-title = { $count } klientkopplingar behöver dig
notify-many-body = { $names } behöver åtgärdas.
notify-many-body-more = { $names } och { $more } till behöver åtgärdas.
notify-open = Öppna
changed-mark = Nytt
changed-title = Sedan du tittade senast ({ $when }): { $what }
