//! The catalogue's words: for each code, who acts, a title, the cause and
//! numbered steps, as [Swedish, English]. Placeholders: {integration},
//! {vendor}, {contact}, {options}.

use super::{Entry, ErrorCode, Who};

const fn e(who: Who, title: [&'static str; 2], cause: [&'static str; 2], steps: &'static [[&'static str; 2]]) -> Entry {
    Entry { who, title, cause, steps }
}

pub fn entry(code: ErrorCode) -> Entry {
    use ErrorCode as C;
    use Who::*;
    match code {
        C::VendorOauthNotEnabled => e(
            Vendor,
            [
                "{integration} är inte redo för inloggning med Fortnox",
                "{integration} is not set up for Fortnox login yet",
            ],
            [
                "Fortnox svarade att integrationens klient-id inte får användas för inloggning (OAuth 2 är inte påslaget för appen i Fortnox utvecklarportal). Det är inget du kan ändra själv.",
                "Fortnox answered that the integration's client id may not be used for login (OAuth 2 is not switched on for the app in Fortnox's Developer Portal). This is not something you can change.",
            ],
            &[
                [
                    "Kontakta {vendor} ({contact}) och berätta att Fortnox svarar \"Auth code or ClientID supplied is invalid\".",
                    "Contact {vendor} ({contact}) and tell them Fortnox answers \"Auth code or ClientID supplied is invalid\".",
                ],
                [
                    "Bifoga gärna detaljerna nedan (knappen Kopiera detaljer).",
                    "Include the details below (the Copy details button).",
                ],
                [
                    "När {vendor} har åtgärdat det: starta kopplingen igen.",
                    "When {vendor} has fixed it: start the connection again.",
                ],
            ],
        ),
        C::ServiceAccountNotAllowed => e(
            Vendor,
            ["{integration} tillåter inte servicekonto ännu", "{integration} does not allow service accounts yet"],
            [
                "Fortnox svarade att integrationen inte får kopplas med ett servicekonto (inställningen \"Service account set to administrator only\" saknas i Fortnox utvecklarportal).",
                "Fortnox answered that the integration may not be connected with a service account (the setting \"Service account set to administrator only\" is missing in Fortnox's Developer Portal).",
            ],
            &[
                [
                    "Koppla med din egen användare i stället (knappen nedan). Det fungerar direkt.",
                    "Connect with your own user instead (the button below). That works right away.",
                ],
                [
                    "Berätta för {vendor} ({contact}) att servicekonton behöver slås på för appen.",
                    "Tell {vendor} ({contact}) that service accounts need to be switched on for the app.",
                ],
            ],
        ),
        C::UnsupportedScope => e(
            Vendor,
            ["Fortnox godtar inte allt som ska föras över", "Fortnox does not accept everything you chose to transfer"],
            [
                "Fortnox svarade \"An unsupported scope was requested\" innan inloggningen: {integration} har inte fått tillgång till {options} i Fortnox utvecklarportal.",
                "Fortnox answered \"An unsupported scope was requested\" before the login: {integration} has not been given access to {options} in Fortnox's Developer Portal.",
            ],
            &[
                [
                    "Fortsätt utan {options} (knappen nedan) om resten räcker för dig nu.",
                    "Continue without {options} (the button below) if the rest is enough for now.",
                ],
                [
                    "Kontakta {vendor} ({contact}) så att de lägger till det som saknas.",
                    "Contact {vendor} ({contact}) so they add what is missing.",
                ],
                ["Lägg till områdena senare med Auktorisera igen.", "Add the areas later with Re-authorize."],
            ],
        ),
        C::RedirectUriMismatch => e(
            Vendor,
            ["Integrationens återkomstadress stämmer inte", "The integration's return address does not match"],
            [
                "Fortnox svarade att adressen som inloggningen ska återvända till inte stämmer med den som är registrerad för {integration}. Det är ett inställningsfel hos leverantören.",
                "Fortnox answered that the address the login returns to does not match the one registered for {integration}. This is a setup error at the vendor.",
            ],
            &[[
                "Kontakta {vendor} ({contact}) och skicka med detaljerna nedan; de visar båda adresserna.",
                "Contact {vendor} ({contact}) and include the details below; they show both addresses.",
            ]],
        ),
        C::IntegrationLicenceMissing => e(
            SystemAdministrator,
            ["Företaget saknar Fortnox Integrationslicens", "The company lacks Fortnox's Integration licence"],
            [
                "Fortnox svarade \"Missing license\": företaget behöver tilläggstjänsten Integration för att kunna koppla integrationer.",
                "Fortnox answered \"Missing license\": the company needs the Integration add-on to connect integrations.",
            ],
            &[
                ["Logga in i Fortnox som systemadministratör.", "Log into Fortnox as a system administrator."],
                [
                    "Klicka på företagsnamnet och välj Administrera användare, sedan Lägg till licenser (eller gå till Tilläggsbeställning).",
                    "Click the company name and choose Manage users (Administrera användare), then Add licence (or go to Tilläggsbeställning).",
                ],
                ["Beställ licensen Integration.", "Order the Integration licence."],
                ["Kom tillbaka hit och starta kopplingen igen.", "Come back here and start the connection again."],
            ],
        ),
        C::IntegrationNotPurchased => e(
            SystemAdministrator,
            ["{integration} behöver köpas i Fortnox först", "{integration} must be bought in Fortnox first"],
            [
                "{integration} säljs via Fortnox integrationsbutik och företaget har inte köpt den ännu.",
                "{integration} is sold through Fortnox's integration store and the company has not bought it yet.",
            ],
            &[
                ["Logga in i Fortnox och öppna Integrationer.", "Log into Fortnox and open Integrations."],
                ["Sök efter {integration} och klicka på Köp.", "Search for {integration} and click Buy."],
                ["Kom tillbaka hit och starta kopplingen igen.", "Come back here and start the connection again."],
            ],
        ),
        C::IntegrationNotPublished => e(
            Vendor,
            ["{integration} går inte att aktivera just nu", "{integration} cannot be activated right now"],
            [
                "Fortnox svarade \"Resource owner does not have enough licenses\": integrationen är inställd som köpbar i Fortnox men är inte publicerad. Det kan bara leverantören ändra.",
                "Fortnox answered \"Resource owner does not have enough licenses\": the integration is set as purchasable in Fortnox but is not published. Only the vendor can change that.",
            ],
            &[[
                "Kontakta {vendor} ({contact}): de behöver välja \"köp via webbplats\" eller publicera integrationen i Fortnox utvecklarportal.",
                "Contact {vendor} ({contact}): they need to choose \"purchase via website\" or publish the integration in Fortnox's Developer Portal.",
            ]],
        ),
        C::NotLicensedForScope => e(
            SystemAdministrator,
            [
                "Användaren som godkände saknar licens för ett område",
                "The user who approved lacks a licence for an area",
            ],
            [
                "Fortnox svarade \"Not licensed for requested scope\": användaren som loggade in har inte licens eller behörighet för {options}.",
                "Fortnox answered \"Not licensed for requested scope\": the user who logged in has no licence or permission for {options}.",
            ],
            &[
                [
                    "Logga in som en användare som har rätt licenser (knappen Logga in som någon annan), eller",
                    "Log in as a user who has the right licences (the Log in as someone else button), or",
                ],
                [
                    "låt en systemadministratör ge användaren licensen under Administrera användare i Fortnox, eller",
                    "have a system administrator give the user the licence under Manage users in Fortnox, or",
                ],
                [
                    "koppla med ett servicekonto, som inte beror på en persons licenser.",
                    "connect with a service account, which does not depend on one person's licences.",
                ],
            ],
        ),
        C::SystemAdministratorRequired => e(
            SystemAdministrator,
            [
                "Bara en systemadministratör kan godkänna ett servicekonto",
                "Only a system administrator can approve a service account",
            ],
            [
                "Fortnox svarade \"Missing system administrator\": användaren som loggade in är inte systemadministratör i företagets Fortnox.",
                "Fortnox answered \"Missing system administrator\": the user who logged in is not a system administrator in the company's Fortnox.",
            ],
            &[
                [
                    "Be en systemadministratör logga in och godkänna (knappen Logga in som någon annan), eller",
                    "Ask a system administrator to log in and approve (the Log in as someone else button), or",
                ],
                [
                    "låt en systemadministratör göra dig till systemadministratör, eller",
                    "have a system administrator make you a system administrator, or",
                ],
                ["koppla med din egen användare i stället.", "connect with your own user instead."],
            ],
        ),
        C::AuthorizationNotCompleted => e(
            You,
            ["Godkännandet slutfördes inte", "Authorization was not completed"],
            [
                "Inloggningen i Fortnox avbröts, fönstret stängdes eller tiden (10 minuter) gick ut innan kopplingen godkändes. Inget har sparats.",
                "The Fortnox login was cancelled, the window was closed, or the time (10 minutes) ran out before the connection was approved. Nothing was saved.",
            ],
            &[
                ["Klicka på Börja om för att logga in i Fortnox igen.", "Click Start again to log into Fortnox again."],
                [
                    "Logga in och klicka på Godkänn & aktivera i Fortnox.",
                    "Log in and click Godkänn & aktivera (Approve & activate) in Fortnox.",
                ],
            ],
        ),
        C::LockedOrUnpaidAccount => e(
            SystemAdministrator,
            ["Fortnox skickade tillbaka utan svar", "Fortnox sent you back without an answer"],
            [
                "Fortnox skickade tillbaka inloggningen utan godkännande och utan felmeddelande. Det brukar betyda att företagets Fortnox-konto är spärrat, till exempel på grund av en obetald faktura.",
                "Fortnox returned the login with neither an approval nor an error. This usually means the company's Fortnox account is locked, for example because of an unpaid invoice.",
            ],
            &[
                [
                    "Logga in på fortnox.se och se om det finns ett meddelande om kontot.",
                    "Log into fortnox.se and look for a message about the account.",
                ],
                ["Kontakta Fortnox support om kontot är spärrat.", "Contact Fortnox support if the account is locked."],
                ["Starta kopplingen igen när kontot är öppet.", "Start the connection again once the account is open."],
            ],
        ),
        C::StateMismatch => e(
            You,
            [
                "Svaret från Fortnox hörde inte till den här kopplingen",
                "Fortnox's answer did not belong to this connection",
            ],
            [
                "Svaret som kom tillbaka kunde inte kopplas till en inloggning som appen startade (det saknades, var gammalt, redan använt eller avsett för en annan server). Av säkerhetsskäl användes det inte.",
                "The answer that came back could not be matched to a login this app started (it was missing, old, already used or meant for another server). For safety it was not used.",
            ],
            &[["Klicka på Börja om och logga in igen härifrån.", "Click Start again and log in again from here."]],
        ),
        C::FortnoxInitiatedActivation => e(
            You,
            ["Aktiveringen startades från Fortnox", "The activation was started from Fortnox"],
            [
                "Fortnox skickade en aktivering som inte startades i den här appen (till exempel med Aktivera inne i Fortnox). Appen använder bara inloggningar den själv har startat.",
                "Fortnox sent an activation that was not started in this app (for example with Activate inside Fortnox). The app only uses logins it started itself.",
            ],
            &[[
                "Klicka på Börja om och godkänn kopplingen härifrån.",
                "Click Start again and approve the connection from here.",
            ]],
        ),
        C::AuthorizationCodeExpired => e(
            You,
            ["Godkännandet hann gå ut", "The approval expired"],
            [
                "Fortnox godtog inte godkännandet: det var redan använt eller äldre än 10 minuter.",
                "Fortnox did not accept the approval: it was already used or older than 10 minutes.",
            ],
            &[["Klicka på Börja om och godkänn igen.", "Click Start again and approve again."]],
        ),
        C::ClientSecretRejected => e(
            Vendor,
            ["Fortnox godtog inte integrationens nyckel", "Fortnox did not accept the integration's key"],
            [
                "Fortnox svarade att integrationens klient-id eller klienthemlighet är fel. Det är ett inställningsfel hos leverantören eller i installationen.",
                "Fortnox answered that the integration's client id or client secret is wrong. This is a setup error at the vendor or in the installation.",
            ],
            &[[
                "Kontakta {vendor} ({contact}) och skicka med detaljerna nedan.",
                "Contact {vendor} ({contact}) and include the details below.",
            ]],
        ),
        C::ClientSecretMissing => e(
            Vendor,
            ["Integrationens nyckel saknas på den här datorn", "The integration's key is missing on this computer"],
            [
                "Integrationen ska använda en klienthemlighet som inte finns här (miljövariabeln eller nyckelringen är tom).",
                "The integration needs a client secret that is not present here (the environment variable or the keyring entry is empty).",
            ],
            &[
                [
                    "Fråga {vendor} ({contact}) hur nyckeln ska anges för den här installationen.",
                    "Ask {vendor} ({contact}) how the key is provided for this installation.",
                ],
                ["Starta appen igen när nyckeln finns.", "Start the app again once the key is in place."],
            ],
        ),
        C::WrongCompany => e(
            You,
            ["Ett annat företag än väntat godkände", "A different company than expected approved"],
            [
                "Kopplingen godkändes för ett annat företag än det du valde. Inget har sparats än.",
                "The connection was approved for a different company than the one you chose. Nothing has been saved yet.",
            ],
            &[
                [
                    "Kontrollera företagsnamn och organisationsnummer nedan.",
                    "Check the company names and organisation numbers below.",
                ],
                [
                    "Välj Behåll ändå om det är rätt, annars Försök igen och välj rätt klient i Fortnox.",
                    "Choose Keep anyway if it is right, otherwise Try again and pick the right client in Fortnox.",
                ],
            ],
        ),
        C::AlreadyConnected => e(
            You,
            ["Företaget är redan kopplat", "This company is already connected"],
            [
                "Det finns redan en koppling till samma företag. I stället för en dubblett kan den befintliga kopplingen uppdateras med det nya godkännandet.",
                "There is already a connection to the same company. Instead of a duplicate, the existing connection can be updated with the new approval.",
            ],
            &[[
                "Välj Uppdatera befintlig koppling, eller Försök igen med ett annat företag.",
                "Choose Update the existing connection, or Try again with another company.",
            ]],
        ),
        C::ScopeNotGranted => e(
            You,
            ["Kopplingen saknar behörighet för ett område", "The connection lacks access to an area"],
            [
                "Fortnox svarade \"Har inte behörighet för scope\": godkännandet omfattar inte {options}.",
                "Fortnox answered \"Har inte behörighet för scope\" (not authorised for scope): the approval does not cover {options}.",
            ],
            &[[
                "Klicka på Auktorisera igen och godkänn i Fortnox; dina val behålls.",
                "Click Re-authorize and approve in Fortnox; your choices are kept.",
            ]],
        ),
        C::ScopesMissingForOptions => e(
            You,
            ["Nya områden behöver godkännas", "New areas need approval"],
            [
                "{options} lades till efter att kopplingen godkändes. Fortnox ger bara tillgång till det som fanns med när kopplingen godkändes.",
                "{options} were added after the connection was approved. Fortnox only gives access to what was included when the connection was approved.",
            ],
            &[[
                "Klicka på Auktorisera igen för att godkänna de nya områdena.",
                "Click Re-authorize to approve the new areas.",
            ]],
        ),
        C::ModuleLicenceMissing => e(
            SystemAdministrator,
            ["Företaget saknar licens för {options}", "The company has no licence for {options}"],
            [
                "Fortnox svarade \"Det finns ingen aktiv licens för önskat scope\" (2001101): företaget har inte det Fortnox-program som {options} kräver.",
                "Fortnox answered \"Det finns ingen aktiv licens för önskat scope\" (2001101, no active licence for the scope): the company does not have the Fortnox program {options} needs.",
            ],
            &[
                [
                    "Låt en systemadministratör lägga till programmet i Fortnox (Tilläggsbeställning eller Administrera användare).",
                    "Have a system administrator add the program in Fortnox (Tilläggsbeställning or Manage users).",
                ],
                [
                    "Klicka sedan på Försök igen. Övriga områden fungerar under tiden.",
                    "Then click Retry. The other areas work in the meantime.",
                ],
            ],
        ),
        C::MissingPermission => e(
            SystemAdministrator,
            ["Användaren som godkände saknar behörighet", "The user who approved lacks permission"],
            [
                "Fortnox svarade \"Saknar behörighet\": kopplingen gäller en användare som inte har behörighet till {options} i Fortnox.",
                "Fortnox answered \"Saknar behörighet\" (missing permission): the connection belongs to a user who has no permission for {options} in Fortnox.",
            ],
            &[
                [
                    "Låt en systemadministratör ge användaren behörighet (till exempel kunder och projekt) under Användare i Fortnox, och klicka på Försök igen, eller",
                    "Have a system administrator give the user permission (for example customers and projects) under Users in Fortnox, then click Retry, or",
                ],
                [
                    "koppla om med ett servicekonto, som inte beror på en persons behörigheter.",
                    "reconnect with a service account, which does not depend on one person's permissions.",
                ],
            ],
        ),
        C::MissingRightsForDocuments => e(
            SystemAdministrator,
            [
                "Användaren får inte läsa eller skapa order, fakturor eller offerter",
                "The user may not read or create orders, invoices or offers",
            ],
            [
                "Kopplingen godkändes av en användare utan rätt behörighet. Det händer ofta när en redovisningskonsult loggar in med en användare som skapats inne i klientens företag.",
                "The connection was approved by a user without the right permissions. This often happens when an accounting consultant logs in with a user created inside the client's company.",
            ],
            &[
                [
                    "Auktorisera igen med en användare som har rätt behörighet.",
                    "Re-authorize with a user who has the right permissions.",
                ],
                [
                    "Redovisningskonsulter: logga in med Digital byrå och välj klienten.",
                    "Accounting consultants: log in with Digital byrå and pick the client.",
                ],
            ],
        ),
        C::WarehouseScopesMissing => e(
            Vendor,
            ["Lager kräver fler behörigheter", "Warehouse needs more permissions"],
            [
                "Lagerfunktionerna kräver behörigheterna warehouse, warehousecustomdocument och article. {integration} ber inte om alla.",
                "The warehouse functions need the scopes warehouse, warehousecustomdocument and article. {integration} does not ask for all of them.",
            ],
            &[[
                "Kontakta {vendor} ({contact}) så att de lägger till behörigheterna.",
                "Contact {vendor} ({contact}) so they add the scopes.",
            ]],
        ),
        C::AccountNotFound => e(
            SystemAdministrator,
            ["Ett bokföringskonto saknas i Fortnox", "An accounting account is missing in Fortnox"],
            [
                "Fortnox svarade \"Kunde inte hitta konto\" (2001304): kontot finns inte i kontoplanen, eller så har företaget inte valt fördefinierade konton.",
                "Fortnox answered \"Kunde inte hitta konto\" (2001304, account not found): the account is not in the chart of accounts, or the company has not chosen preferred accounts.",
            ],
            &[
                [
                    "I Fortnox: gå till Inställningar → Bokföring → Fördefinierade konton och fyll i dem.",
                    "In Fortnox: go to Settings (Inställningar) → Bookkeeping (Bokföring) → Preferred accounts (Fördefinierade konton) and fill them in.",
                ],
                ["Klicka sedan på Försök igen.", "Then click Retry."],
            ],
        ),
        C::ApiLicenceMissing => e(
            SystemAdministrator,
            ["Företaget saknar licens för integrationer", "The company has no licence for integrations"],
            [
                "Fortnox svarade \"Api-licens saknas\": företaget har inte (längre) Integrationslicensen.",
                "Fortnox answered \"Api-licens saknas\" (API licence missing): the company does not have the Integration licence (any more).",
            ],
            &[
                [
                    "Låt en systemadministratör beställa licensen Integration under Tilläggsbeställning eller Administrera användare i Fortnox.",
                    "Have a system administrator order the Integration licence under Tilläggsbeställning or Manage users in Fortnox.",
                ],
                ["Klicka sedan på Försök igen.", "Then click Retry."],
            ],
        ),
        C::ApiCredentialsInvalid => e(
            Vendor,
            ["Fortnox godtog inte integrationens inloggning", "Fortnox did not accept the integration's credentials"],
            [
                "Fortnox svarade \"Ogiltig inloggning\": nyckeln som integrationen skickar saknas eller är fel.",
                "Fortnox answered \"Ogiltig inloggning\" (invalid login): the key the integration sends is missing or wrong.",
            ],
            &[[
                "Kontakta {vendor} ({contact}) och skicka med detaljerna nedan.",
                "Contact {vendor} ({contact}) and include the details below.",
            ]],
        ),
        C::TokenRejected => e(
            You,
            ["Fortnox godtar inte längre kopplingen", "Fortnox no longer accepts the connection"],
            [
                "Fortnox avvisade kopplingens inloggning. Den kan ha tagits bort i Fortnox (under Hantera integrationer) eller gått ut.",
                "Fortnox rejected the connection's login. It may have been removed in Fortnox (under Manage integrations) or expired.",
            ],
            &[[
                "Klicka på Auktorisera igen och godkänn i Fortnox; dina val behålls.",
                "Click Re-authorize and approve in Fortnox; your choices are kept.",
            ]],
        ),
        C::RefreshTokenInvalid => e(
            You,
            ["Kopplingen behöver godkännas igen", "The connection needs to be approved again"],
            [
                "Fortnox svarade \"Invalid refresh token\": kopplingens förnyelse har gått ut (45 dagar utan användning) eller återkallats i Fortnox.",
                "Fortnox answered \"Invalid refresh token\": the connection's renewal has expired (45 days without use) or was revoked in Fortnox.",
            ],
            &[[
                "Klicka på Auktorisera igen och godkänn i Fortnox; dina val behålls.",
                "Click Re-authorize and approve in Fortnox; your choices are kept.",
            ]],
        ),
        C::RefreshInterrupted => e(
            You,
            [
                "Förnyelsen avbröts och kopplingen behöver godkännas igen",
                "A renewal was interrupted; the connection needs approval again",
            ],
            [
                "Ett program stängdes mitt under förnyelsen av kopplingen, efter att Fortnox bytt nyckel men innan den nya hann sparas. Den gamla nyckeln fungerar inte längre.",
                "A program was closed in the middle of renewing the connection, after Fortnox had changed the key but before the new one was saved. The old key no longer works.",
            ],
            &[[
                "Klicka på Auktorisera igen och godkänn i Fortnox; dina val behålls.",
                "Click Re-authorize and approve in Fortnox; your choices are kept.",
            ]],
        ),
        C::RateLimited => e(
            NoOne,
            ["Fortnox ber oss vänta en stund", "Fortnox asks us to wait a moment"],
            [
                "Fortnox tar emot högst 25 anrop per 5 sekunder per företag. Appen väntade och försökte igen, men Fortnox svarar fortfarande att det är för många.",
                "Fortnox accepts at most 25 requests per 5 seconds per company. The app waited and retried, but Fortnox still says there are too many.",
            ],
            &[[
                "Vänta en minut och klicka på Försök igen. Inget har gått förlorat.",
                "Wait a minute and click Retry. Nothing has been lost.",
            ]],
        ),
        C::FortnoxUnavailable => e(
            You,
            ["Det gick inte att nå Fortnox", "Fortnox could not be reached"],
            [
                "Nätverket är nere, anslutningen bröts eller Fortnox svarar inte just nu. Inget har gått förlorat.",
                "The network is down, the connection dropped or Fortnox is not answering right now. Nothing has been lost.",
            ],
            &[
                [
                    "Kontrollera att datorn är ansluten till internet.",
                    "Check that the computer is connected to the internet.",
                ],
                ["Klicka på Försök igen om en stund.", "Click Retry in a moment."],
            ],
        ),
        C::InvalidResponse => e(
            You,
            ["Fortnox svarade på ett oväntat sätt", "Fortnox answered in an unexpected way"],
            [
                "Svaret från Fortnox gick inte att läsa (fel format eller för stort). Inget har sparats.",
                "Fortnox's answer could not be read (wrong format or too large). Nothing has been saved.",
            ],
            &[
                ["Klicka på Försök igen om en stund.", "Click Retry in a moment."],
                [
                    "Händer det igen: exportera diagnostik och skicka den till {vendor} ({contact}).",
                    "If it happens again: export diagnostics and send them to {vendor} ({contact}).",
                ],
            ],
        ),
        C::KeyringUnavailable => e(
            You,
            ["Datorns nyckelring saknas", "The computer's keyring is missing"],
            [
                "Kopplingens nycklar sparas bara i operativsystemets nyckelring, aldrig i vanliga filer. Ingen nyckelring (Secret Service) hittades.",
                "The connection's keys are only stored in the operating system's keyring, never in plain files. No keyring (Secret Service) was found.",
            ],
            &[
                [
                    "Linux: installera och starta gnome-keyring (eller KWallet) och logga in i skrivbordet på vanligt sätt.",
                    "Linux: install and start gnome-keyring (or KWallet) and log into the desktop as usual.",
                ],
                [
                    "Windows och macOS: logga in med ditt vanliga konto; nyckelringen finns där.",
                    "Windows and macOS: log in with your normal account; the keyring is there.",
                ],
                ["Klicka sedan på Försök igen.", "Then click Retry."],
            ],
        ),
        C::KeyringLocked => e(
            You,
            ["Datorns nyckelring är låst", "The computer's keyring is locked"],
            [
                "Nyckelringen där kopplingens nycklar sparas är låst, så de kan inte läsas eller sparas.",
                "The keyring where the connection's keys are kept is locked, so they cannot be read or saved.",
            ],
            &[
                [
                    "Lås upp nyckelringen (till exempel i programmet Lösenord och nycklar / Seahorse).",
                    "Unlock the keyring (for example in the Passwords and Keys / Seahorse app).",
                ],
                ["Klicka sedan på Försök igen.", "Then click Retry."],
            ],
        ),
        C::StorageFailed => e(
            You,
            ["Det gick inte att spara på datorn", "Could not save on this computer"],
            [
                "Appen kunde inte skriva sina inställningar (disken kan vara full eller skrivskyddad). Det som redan var sparat är oförändrat.",
                "The app could not write its settings (the disk may be full or read-only). What was already saved is unchanged.",
            ],
            &[[
                "Frigör diskutrymme eller kontrollera behörigheterna och klicka på Försök igen.",
                "Free some disk space or check permissions, then click Retry.",
            ]],
        ),
        C::LoopbackPortBusy => e(
            You,
            ["Ett annat program använder porten för inloggningen", "Another program is using the login port"],
            [
                "Inloggning i webbläsaren behöver en bestämd port på den här datorn, men ett annat program använder den.",
                "Logging in through the browser needs a fixed port on this computer, but another program is using it.",
            ],
            &[
                [
                    "Stäng andra Fortnox Connect-fönster eller kommandon som väntar på inloggning.",
                    "Close other Fortnox Connect windows or commands waiting for a login.",
                ],
                ["Klicka på Försök igen.", "Click Retry."],
            ],
        ),
        C::NotListedUnderManageUsers => e(
            You,
            ["Var syns kopplingen i Fortnox?", "Where does the connection show in Fortnox?"],
            [
                "Kopplingar med OAuth 2 visas under Hantera integrationer i Fortnox, inte under Administrera användare.",
                "OAuth 2 connections are listed under Manage integrations (Hantera integrationer) in Fortnox, not under Manage users.",
            ],
            &[[
                "Öppna Fortnox och gå till Hantera integrationer för att se eller ta bort kopplingen.",
                "Open Fortnox and go to Manage integrations to see or remove the connection.",
            ]],
        ),
        C::ProfileInvalid => e(
            Vendor,
            ["Integrationens inställningsfil är felaktig", "The integration's settings file is invalid"],
            [
                "Filen som {vendor} levererar med integrationen kunde inte läsas. Detaljerna visar vilket fält som är fel.",
                "The file {vendor} ships with the integration could not be read. The details show which field is wrong.",
            ],
            &[[
                "Kontakta {vendor} ({contact}) och skicka med detaljerna nedan.",
                "Contact {vendor} ({contact}) and include the details below.",
            ]],
        ),
        C::ConnectionNotFound => e(
            You,
            ["Kopplingen finns inte", "The connection does not exist"],
            [
                "Det finns ingen koppling med det id:t. Den kan ha tagits bort.",
                "There is no connection with that id. It may have been removed.",
            ],
            &[["Visa kopplingarna och välj en som finns.", "List the connections and pick one that exists."]],
        ),
        C::ConnectionNotEnabled => e(
            You,
            ["Kopplingen är inte påslagen", "The connection is not enabled"],
            [
                "Kopplingen är avstängd eller inte påslagen än, så den lämnar inte ut några nycklar.",
                "The connection is disabled or not enabled yet, so it hands out no keys.",
            ],
            &[["Slå på kopplingen i Fortnox Connect först.", "Enable the connection in Fortnox Connect first."]],
        ),
        C::ConnectionNeedsReauthorization => e(
            You,
            ["Kopplingen behöver godkännas igen", "The connection needs to be approved again"],
            [
                "Fortnox godtar inte längre kopplingens godkännande. Dina val finns kvar.",
                "Fortnox no longer accepts the connection's approval. Your choices are kept.",
            ],
            &[["Klicka på Auktorisera igen och godkänn i Fortnox.", "Click Re-authorize and approve in Fortnox."]],
        ),
        C::ConnectionBusy => e(
            NoOne,
            ["Kopplingen används just nu", "The connection is busy right now"],
            [
                "Ett annat program (eller ett annat fönster) håller på med samma koppling och blev inte klart i tid, till exempel för att det väntar på att nyckelringen ska låsas upp. Inget har gått förlorat.",
                "Another program (or another window) is working on the same connection and did not finish in time, for example because it is waiting for the keyring to be unlocked. Nothing has been lost.",
            ],
            &[
                [
                    "Se efter om datorn ber dig låsa upp nyckelringen, och gör det.",
                    "Check whether the computer is asking you to unlock the keyring, and do so.",
                ],
                ["Klicka på Försök igen.", "Click Retry."],
            ],
        ),
        C::BrokerUnavailable => e(
            You,
            ["{integration}s tjänst svarar inte", "{integration}'s service is not answering"],
            [
                "Nycklarna till Fortnox hämtas via en tjänst hos {vendor}. Den gick inte att nå just nu. Inget har gått förlorat.",
                "The keys to Fortnox are fetched through a service run by {vendor}. It could not be reached right now. Nothing has been lost.",
            ],
            &[
                [
                    "Kontrollera att datorn är ansluten till internet.",
                    "Check that the computer is connected to the internet.",
                ],
                ["Klicka på Försök igen om en stund.", "Click Retry in a moment."],
                [
                    "Händer det igen: kontakta {vendor} ({contact}).",
                    "If it happens again: contact {vendor} ({contact}).",
                ],
            ],
        ),
        C::BrokerInstallationUnknown => e(
            You,
            [
                "{integration}s tjänst känner inte igen datorn",
                "{integration}'s service does not recognise this computer",
            ],
            [
                "Tjänsten hos {vendor} som sköter nycklarna känner inte längre igen den här datorn. Kopplingen behöver godkännas igen i Fortnox. Dina val finns kvar.",
                "The service at {vendor} that looks after the keys no longer recognises this computer. The connection needs to be approved again in Fortnox. Your choices are kept.",
            ],
            &[
                ["Klicka på Auktorisera igen och godkänn i Fortnox.", "Click Re-authorize and approve in Fortnox."],
                [
                    "Händer det igen: kontakta {vendor} ({contact}).",
                    "If it happens again: contact {vendor} ({contact}).",
                ],
            ],
        ),
        C::BrokerConnectionUnknown => e(
            You,
            ["Kopplingen finns inte längre hos {vendor}", "The connection is no longer kept at {vendor}"],
            [
                "Tjänsten hos {vendor} som sköter nycklarna har inte kvar den här kopplingen. Den behöver godkännas igen i Fortnox. Dina val finns kvar.",
                "The service at {vendor} that looks after the keys no longer has this connection. It needs to be approved again in Fortnox. Your choices are kept.",
            ],
            &[["Klicka på Auktorisera igen och godkänn i Fortnox.", "Click Re-authorize and approve in Fortnox."]],
        ),
        C::BrokerMisconfigured => e(
            Vendor,
            ["{integration} är inte rätt inställd", "{integration} is not set up correctly"],
            [
                "Tjänsten hos {vendor} som sköter nycklarna hör inte ihop med den här installationen (fel app eller fel version). Det är inget du kan ändra själv.",
                "The service at {vendor} that looks after the keys does not match this installation (another app or another version). This is not something you can change.",
            ],
            &[[
                "Kontakta {vendor} ({contact}) och skicka med detaljerna nedan.",
                "Contact {vendor} ({contact}) and include the details below.",
            ]],
        ),
        C::ConnectionOfAnotherProfile => e(
            Vendor,
            ["Kopplingen hör till en annan integration", "The connection belongs to another integration"],
            [
                "Kopplingen gjordes med en annan integration (annan Fortnox-app eller annan Fortnox-server) än den som används nu. Den används aldrig med den här, så att inga nycklar hamnar hos fel part.",
                "The connection was made with another integration (another Fortnox app or another Fortnox server) than the one in use now. It is never used with this one, so that no keys reach the wrong party.",
            ],
            &[
                [
                    "Använd Fortnox Connect med den integration som kopplingen gjordes med.",
                    "Use Fortnox Connect with the integration the connection was made with.",
                ],
                [
                    "Är du osäker: kontakta {vendor} ({contact}) och skicka med detaljerna nedan.",
                    "If unsure: contact {vendor} ({contact}) and include the details below.",
                ],
            ],
        ),
        C::Unknown => e(
            You,
            ["Något gick fel", "Something went wrong"],
            [
                "Ett oväntat fel inträffade. Texten från Fortnox eller nätverket finns under tekniska detaljer.",
                "An unexpected error happened. The text from Fortnox or the network is under technical details.",
            ],
            &[
                ["Klicka på Försök igen.", "Click Retry."],
                [
                    "Händer det igen: exportera diagnostik och skicka den till {vendor} ({contact}).",
                    "If it happens again: export diagnostics and send them to {vendor} ({contact}).",
                ],
            ],
        ),
    }
}
