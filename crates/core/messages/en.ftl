# Fortnox Connect: every text a person reads, in English.
# The same keys in sv.ftl and en.ftl (a test checks both, and the UI's
# MessageKey type and core's key constants are generated from them).
# Fortnox's own terms are kept as Fortnox writes them: Integrationslicens,
# Systemadministratör, Hantera integrationer, Digital byrå.

## app
app-title = Fortnox Connect

## language
language-label = Language

## sandbox
sandbox-banner = Demo mode: a built-in Fortnox sandbox is used. No real company data is touched.

## update
update-ready = Version { $version } is ready
update-restart = Restart to update
update-notes = What's new
update-later = Later
update-installing = Installing version { $version } …
update-check = Check for updates
update-checking = Checking for updates …
update-none = You have the latest version ({ $version }).
update-waits-for-login = The update waits until the connection you are setting up is done.

## loading
loading = Loading …

## startup
startup-failed = The app could not start

## back
back = Back

## next
next = Continue

## cancel
cancel = Cancel

## close
close = Close

## step
step-welcome = Welcome
step-options = What to transfer
step-account = Account type
step-login = Log in
step-verify = Check
step-done = Done

## steps
steps-label = Wizard steps

## welcome
welcome-title = Connect Fortnox to { $name }
welcome-intro = This guide connects your company's Fortnox to { $name } from { $vendor }. It only takes a couple of minutes.
welcome-how-title = How it works
welcome-how1 = You choose what is transferred between Fortnox and { $name }.
welcome-how2 = You choose how the connection is made. We recommend a service account.
welcome-how3 = You log into Fortnox here in the app and approve the connection.
welcome-how4 = We check that everything works and switch the connection on.
welcome-need-title = What you need
welcome-need-login = Your Fortnox login details.
welcome-need-admin = For a service account: a Fortnox system administrator who logs in and approves.
welcome-start = Get started
welcome-consultant = Accounting consultant? You pick the client when you log in with Digital byrå.

## client
client-title = Which client are you connecting?
client-intro = Optional: enter the client's organisation number and we check that you pick the right client in Fortnox.
client-org-label = Client's organisation number
client-org-hint = For example 556677-8899. Leave empty to skip the check.
client-org-invalid = An organisation number has ten digits, for example 556677-8899.

## options
options-title = What should be transferred?
options-intro = Choose what { $name } may access in Fortnox. You can change this later.
options-need-one = Choose at least one area.

## account
account-title = How should the connection be made?
account-intro = Choose who the connection belongs to in Fortnox.
account-service = Service account
account-service-recommended = Recommended
account-service-why = The connection does not depend on one person and keeps working when someone leaves. Only a Fortnox system administrator can approve it.
account-user = My own user
account-user-why = The connection gets your permissions in Fortnox and is tied to you.
account-change-later = Changing this later means reconnecting. The app does that for you with one button.
account-start = Log into Fortnox

## login
login-title = Log into Fortnox
login-waiting = A window with Fortnox's login has opened. Log in there and click Godkänn & aktivera (Approve & activate).
login-waiting-browser = Fortnox has opened in your browser. Log in there and click Godkänn & aktivera (Approve & activate).
login-site = You log in at { $host }.
login-browser = Open in my browser instead
login-someone-else = Log in as someone else
login-cancel = Cancel the login
login-browser-url = Did the browser not open? Copy the address and paste it into your browser:
login-copy-url = Copy the address

## progress
progress-waiting = Waiting for Fortnox …
progress-exchanging = Fortnox answered. Fetching keys …
progress-verifying = Checking that everything works …
progress-saving = Saving the connection …
progress-starting = Opening the login …

## verify
verify-title = Checking the connection
verify-company = Company
verify-org = Organisation number
verify-tenant = Tenant id
verify-approver = Approved by
verify-approver-admin = { $name } (system administrator)
verify-approver-not-admin = { $name } (not a system administrator)
verify-service-account = Service account
verify-options-title = What we checked
verify-works = Works
verify-fails = Does not work
verify-not-checked = Could not be checked
verify-enable = Enable the connection
verify-enable-anyway = Enable anyway
verify-all-good = Everything works. Enable the connection when you are ready.
verify-some-fail = Most things work. What does not can be fixed now or later.
verify-recheck = Check again
verify-expected = Expected client
verify-expected-ok = Right client: { $org }

## decision
decision-wrong-title = A different company than expected
decision-wrong-text = You expected { $expected }, but the connection was approved for { $actual }. Nothing is saved yet.
decision-keep = Keep anyway
decision-try-again = Try again
decision-existing-title = This company is already connected
decision-existing-text = { $company } already has a connection. Instead of a duplicate, the existing connection can be updated with the new approval.
decision-use-existing = Update the existing connection

## done
done-title = Connected to { $company } — enabled
done-authorized-title = Connected to { $company }
done-text = { $name } can now fetch and send data to Fortnox. There is nothing more you need to do.
done-where = In Fortnox the connection is listed under Manage integrations (Hantera integrationer), not under Manage users. It can also be removed there.
done-next = What happens next?
done-next1 = { $name } uses the connection automatically.
done-next2 = The connection renews itself. If anything needs doing, the app shows it here.
done-show-connections = Show connections
done-another = Connect another client

## connections
connections-title = Connections
connections-intro = Companies connected to { $name }.
connections-new = Connect a company
connections-another = Connect another client
connections-search = Search company or organisation number
connections-no-match = No connections match the search.
connections-empty = No connections yet.
connections-filter = Show
connections-filter-all = All
connections-filter-attention = Needs attention
connections-filter-enabled = Enabled
connections-filter-disabled = Disabled
connections-filter-service = Service account
connections-filter-user = Own user
connections-showing = Showing { $shown } of { $total }
connections-check-all = Check all
connections-reauthorize-all = Re-authorize those that need it ({ $count })
connections-export = Export list (CSV)
connections-bulk-progress = Checking { $done } of { $total } …
connections-bulk-done = Checked { $total }: { $attention ->
    [one] { $attention } needs
   *[other] { $attention } need
} attention.
connections-next-reauthorize = Next: re-authorize { $company } ({ $left } left)

## state
state-enabled = Enabled
state-disabled = Disabled
state-authorized = Not enabled
state-needs-reauth = Needs re-authorization
state-other = In progress

## account
account-service-short = Service account
account-user-short = Own user

## health
health-expires = Refresh token expires in { $days } days unless used
health-broker = { $vendor } keeps the connection alive automatically
health-needs-reauth = Fortnox no longer accepts the approval. Approve again to continue.
health-missing-scopes = New areas need approval: { $options }
health-last-error = Last error: { $title }

## action
action-reauthorize = Re-authorize
action-enable = Enable
action-disable = Disable
action-remove = Remove
action-activity = Activity
action-switch-to-service = Switch to service account
action-switch-to-user = Switch to own user
action-recheck = Check

## remove
remove-confirm-title = Remove the connection to { $company }?
remove-confirm-text = The approval is revoked in Fortnox and the connection is removed here. { $name } gets no new keys. A key { $name } already has keeps working until it expires, at most an hour. You can connect again later.
remove-confirm-service = This is a service account. The company's consent for the service account is listed in Fortnox under Manage integrations (Hantera integrationer); a system administrator can remove it completely there.
remove-open-fortnox = Open Fortnox
remove-confirm = Remove

## switch
switch-confirm-title = Switch account type for { $company }?
switch-confirm-text = The connection is made again { $to ->
        [service] with a service account
       *[user] with your own user
    }. You log in and approve again; when the new connection works, the old one is removed and revoked.
switch-confirm = Reconnect

## activity
activity-title = Activity for { $company }
activity-empty = No activity yet.
activity-connected = Connected
activity-reauthorized = Re-authorized in Fortnox
activity-verified-ok = Checked: everything works
activity-verified-failing = Checked: not working: { $options }
activity-enabled = Enabled
activity-disabled = Disabled
activity-refreshed = New access token fetched
activity-removed = Removed

## error
error-who = Who needs to act
error-steps = How to fix it
error-details = Technical details
error-region = Error
error-unknown-title = Something went wrong

## action
action-retry = Retry
action-restart = Start again
action-someone-else = Log in as someone else
action-open-fortnox = Open Fortnox
action-open-help = Open Fortnox help
action-contact-vendor = Contact { $vendor }
action-copy = Copy details
action-copied = Copied
action-export = Export diagnostics
action-exported = Saved: { $path }
action-continue-without = Continue without { $options }

## about
about-details = About
about-version = Version { $version }
about-profile = Profile: { $path }
about-builtin = Profile: built-in demo (sandbox)
about-data = Data: { $path }

company-unknown = Unknown company
connections-summary = { $total } connected, { $attention ->
    [one] { $attention } needs
   *[other] { $attention } need
} attention
keepalive-summary = refreshed { $refreshed }, failed { $failed }, skipped { $skipped }, checked { $checked }

## Who must act
who-you = You
who-system_administrator = A Fortnox system administrator
who-accounting_consultant = Your accounting consultant
who-vendor = { $vendor } (the vendor of { $integration })
who-no_one = No one – the app retries by itself

contact-unknown = their support
options-unknown = the chosen areas

## The error catalogue: a title, the cause and numbered steps per code

error-vendor_oauth_not_enabled = { $integration } is not set up for Fortnox login yet
    .cause = Fortnox answered that the integration's client id may not be used for login (OAuth 2 is not switched on for the app in Fortnox's Developer Portal). This is not something you can change.
    .step-1 = Contact { $vendor } ({ $contact }) and tell them Fortnox answers "Auth code or ClientID supplied is invalid".
    .step-2 = Include the details below (the Copy details button).
    .step-3 = When { $vendor } has fixed it: start the connection again.

error-service_account_not_allowed = { $integration } does not allow service accounts yet
    .cause = Fortnox answered that the integration may not be connected with a service account (the setting "Service account set to administrator only" is missing in Fortnox's Developer Portal).
    .step-1 = Connect with your own user instead (the button below). That works right away.
    .step-2 = Tell { $vendor } ({ $contact }) that service accounts need to be switched on for the app.

error-unsupported_scope = Fortnox does not accept everything you chose to transfer
    .cause = Fortnox answered "An unsupported scope was requested" before the login: { $integration } has not been given access to { $options } in Fortnox's Developer Portal.
    .step-1 = Continue without { $options } (the button below) if the rest is enough for now.
    .step-2 = Contact { $vendor } ({ $contact }) so they add what is missing.
    .step-3 = Add the areas later with Re-authorize.

error-redirect_uri_mismatch = The integration's return address does not match
    .cause = Fortnox answered that the address the login returns to does not match the one registered for { $integration }. This is a setup error at the vendor.
    .step-1 = Contact { $vendor } ({ $contact }) and include the details below; they show both addresses.

error-integration_licence_missing = The company lacks Fortnox's Integration licence
    .cause = Fortnox says a licence is missing. The company needs the Integration add-on. Without it, no app can connect to Fortnox.
    .step-1 = Log into Fortnox as a system administrator.
    .step-2 = Click the company name and choose Manage users (Administrera användare). Then choose Add licence. Or go to Tilläggsbeställning.
    .step-3 = Order the Integration licence.
    .step-4 = Come back here and click Start again.

error-integration_not_purchased = { $integration } must be bought in Fortnox first
    .cause = { $integration } is sold through Fortnox's integration store and the company has not bought it yet.
    .step-1 = Log into Fortnox and open Integrations.
    .step-2 = Search for { $integration } and click Buy.
    .step-3 = Come back here and start the connection again.

error-integration_not_published = { $integration } cannot be activated right now
    .cause = Fortnox answered "Resource owner does not have enough licenses": the integration is set as purchasable in Fortnox but is not published. Only the vendor can change that.
    .step-1 = Contact { $vendor } ({ $contact }): they need to choose "purchase via website" or publish the integration in Fortnox's Developer Portal.

error-not_licensed_for_scope = The user who approved lacks a licence for an area
    .cause = Fortnox answered "Not licensed for requested scope": the user who logged in has no licence or permission for { $options }.
    .step-1 = Log in as a user who has the right licences (the Log in as someone else button), or
    .step-2 = have a system administrator give the user the licence under Manage users in Fortnox, or
    .step-3 = connect with a service account, which does not depend on one person's licences.

error-system_administrator_required = Only a system administrator can approve a service account
    .cause = Fortnox says the person who logged in is not a system administrator in the company's Fortnox.
    .step-1 = Ask a system administrator to log in and approve. Use the Log in as someone else button.
    .step-2 = You can also ask a system administrator to make you a system administrator.
    .step-3 = Or connect with your own user instead.

error-authorization_not_completed = Authorization was not completed
    .cause = The Fortnox login was cancelled, the window was closed, or the time (10 minutes) ran out before the connection was approved. Nothing was saved.
    .step-1 = Click Start again to log into Fortnox again.
    .step-2 = Log in and click Godkänn & aktivera (Approve & activate) in Fortnox.

error-locked_or_unpaid_account = Fortnox sent you back without an answer
    .cause = Fortnox returned the login with neither an approval nor an error. This usually means the company's Fortnox account is locked, for example because of an unpaid invoice.
    .step-1 = Log into fortnox.se and look for a message about the account.
    .step-2 = Contact Fortnox support if the account is locked.
    .step-3 = Start the connection again once the account is open.

error-state_mismatch = Fortnox's answer did not belong to this connection
    .cause = The answer that came back could not be matched to a login this app started (it was missing, old, already used or meant for another server). For safety it was not used.
    .step-1 = Click Start again and log in again from here.

error-authorization_code_expired = The approval expired
    .cause = Fortnox did not accept the approval: it was already used or older than 10 minutes.
    .step-1 = Click Start again and approve again.

error-client_secret_rejected = Fortnox did not accept the integration's key
    .cause = Fortnox answered that the integration's client id or client secret is wrong. This is a setup error at the vendor or in the installation.
    .step-1 = Contact { $vendor } ({ $contact }) and include the details below.

error-client_secret_missing = The integration's key is missing on this computer
    .cause = The integration needs a client secret that is not present here (the environment variable or the keyring entry is empty).
    .step-1 = Ask { $vendor } ({ $contact }) how the key is provided for this installation.
    .step-2 = Start the app again once the key is in place.


error-scope_not_granted = The connection lacks access to an area
    .cause = Fortnox answered "Har inte behörighet för scope" (not authorised for scope): the approval does not cover { $options }.
    .step-1 = Click Re-authorize and approve in Fortnox; your choices are kept.

error-scopes_missing_for_options = New areas need approval
    .cause = { $options } were added after the connection was approved. Fortnox only gives access to what was there then. You need to approve the new ones.
    .step-1 = Click Re-authorize. Then log into Fortnox and approve the new areas.

error-module_licence_missing = The company has no licence for { $options }
    .cause = Fortnox answered "Det finns ingen aktiv licens för önskat scope" (2001101, no active licence for the scope): the company does not have the Fortnox program { $options } needs.
    .step-1 = Have a system administrator add the program in Fortnox (Tilläggsbeställning or Manage users).
    .step-2 = Then click Retry. The other areas work in the meantime.

error-missing_permission = The user who approved lacks permission
    .cause = Fortnox says "Saknar behörighet" (missing permission). So the connection belongs to a user who has no right to { $options }.
    .step-1 = Ask a system administrator to give the user the missing permission, for example for customers and projects. This is done under Users in Fortnox. Then click Retry.
    .step-2 = You can also reconnect with a service account. It does not depend on one person's permissions.

error-missing_rights_for_documents = The user may not read or create orders, invoices or offers
    .cause = The connection was approved by a user without the right permissions. This often happens when an accounting consultant logs in with a user created inside the client's company.
    .step-1 = Re-authorize with a user who has the right permissions.
    .step-2 = Accounting consultants: log in with Digital byrå and pick the client.

error-warehouse_scopes_missing = Warehouse needs more permissions
    .cause = The warehouse functions need the scopes warehouse, warehousecustomdocument and article. { $integration } does not ask for all of them.
    .step-1 = Contact { $vendor } ({ $contact }) so they add the scopes.

error-account_not_found = An accounting account is missing in Fortnox
    .cause = Fortnox answered "Kunde inte hitta konto" (2001304, account not found): the account is not in the chart of accounts, or the company has not chosen preferred accounts.
    .step-1 = In Fortnox: go to Settings (Inställningar) → Bookkeeping (Bokföring) → Preferred accounts (Fördefinierade konton) and fill them in.
    .step-2 = Then click Retry.

error-api_licence_missing = The company has no licence for integrations
    .cause = Fortnox says "Api-licens saknas" (API licence missing). So the company does not have the Integration licence, or no longer has it.
    .step-1 = Ask a system administrator to get it in Fortnox. It is called Integration. It is under Tilläggsbeställning or Manage users.
    .step-2 = Then click Retry.

error-api_credentials_invalid = Fortnox did not accept the integration's credentials
    .cause = Fortnox says the key from the integration is missing or wrong. This is not something you can change.
    .step-1 = Contact { $vendor } ({ $contact }). Include the details below.

error-token_rejected = Fortnox no longer accepts the connection
    .cause = Fortnox did not accept the connection's login. It may have been removed in Fortnox (under Manage integrations). Or it may have expired.
    .step-1 = Click Re-authorize. Then log into Fortnox and approve. Your choices are kept.

error-refresh_token_invalid = The connection needs to be approved again
    .cause = Fortnox says the connection cannot be renewed. It has not been used for 45 days, or it was revoked in Fortnox.
    .step-1 = Click Re-authorize. Then log into Fortnox and approve. Your choices are kept.

error-refresh_interrupted = A renewal was interrupted; the connection needs approval again
    .cause = A program was closed in the middle of renewing the connection, after Fortnox had changed the key but before the new one was saved. The old key no longer works.
    .step-1 = Click Re-authorize and approve in Fortnox; your choices are kept.

error-rate_limited = Fortnox asks us to wait a moment
    .cause = Fortnox accepts at most 25 requests per 5 seconds per company. The app waited and retried, but Fortnox still says there are too many.
    .step-1 = Wait a minute and click Retry. Nothing has been lost.

error-fortnox_unavailable = Fortnox could not be reached
    .cause = The network is down, the connection dropped or Fortnox is not answering right now. Nothing has been lost.
    .step-1 = Check that the computer is connected to the internet.
    .step-2 = Click Retry in a moment.

error-invalid_response = Fortnox answered in an unexpected way
    .cause = Fortnox's answer could not be read (wrong format or too large). Nothing has been saved.
    .step-1 = Click Retry in a moment.
    .step-2 = If it happens again: export diagnostics and send them to { $vendor } ({ $contact }).

error-keyring_unavailable = The computer's keyring is missing
    .cause = The connection's keys are only stored in the operating system's keyring, never in plain files. No keyring (Secret Service) was found.
    .step-1 = Linux: install and start gnome-keyring (or KWallet) and log into the desktop as usual.
    .step-2 = Windows and macOS: log in with your normal account; the keyring is there.
    .step-3 = Then click Retry.

error-keyring_locked = The computer's keyring is locked
    .cause = The keyring where the connection's keys are kept is locked, so they cannot be read or saved.
    .step-1 = Unlock the keyring (for example in the Passwords and Keys / Seahorse app).
    .step-2 = Then click Retry.

error-storage_failed = Could not read or save the app's files
    .cause = The app could not read or write its files on this computer. The disk may be full or read-only, or a file may be damaged. Nothing was changed. The details name the file.
    .step-1 = Free some disk space or check the folder's permissions, then click Retry.
    .step-2 = If the details say a file is damaged, send them to { $vendor } with Export diagnostics.

error-loopback_port_busy = Another program is using the login port
    .cause = Logging in through the browser needs a fixed port on this computer, but another program is using it.
    .step-1 = Close other Fortnox Connect windows or commands waiting for a login.
    .step-2 = Click Retry.

error-profile_invalid = The integration's settings file is invalid
    .cause = The file { $vendor } ships with the integration could not be read. The details show which field is wrong.
    .step-1 = Contact { $vendor } ({ $contact }) and include the details below.

error-connection_not_found = The connection does not exist
    .cause = There is no connection with that id. It may have been removed.
    .step-1 = List the connections and pick one that exists.

error-connection_not_chosen = Say which connection
    .cause = Several connections are enabled, or none, so there is no guessing which one you mean.
    .step-1 = List the connections with fortnox-connect status.
    .step-2 = Name the connection's id, for example fortnox-connect token ID.

error-connection_not_enabled = The connection is not enabled
    .cause = The connection is disabled or not enabled yet, so it hands out no keys.
    .step-1 = Enable the connection in Fortnox Connect first.

error-connection_needs_reauthorization = The connection needs to be approved again
    .cause = Fortnox no longer accepts the connection's approval. Your choices are kept.
    .step-1 = Click Re-authorize and approve in Fortnox.

error-login_unavailable = Fortnox's login could not be shown
    .cause = The login window or the browser could not be opened. Nothing happened in Fortnox.
    .step-1 = Click Retry.
    .step-2 = If that does not work: choose Open in my browser instead, or restart Fortnox Connect.
    .step-3 = If it happens again: export diagnostics and send them to { $vendor } ({ $contact }).

error-connection_busy = The connection is busy right now
    .cause = Another program (or another window) is working on the same connection and did not finish in time, for example because it is waiting for the keyring to be unlocked. Nothing has been lost.
    .step-1 = Check whether the computer is asking you to unlock the keyring, and do so.
    .step-2 = Click Retry.

error-broker_unavailable = { $integration }'s service is not answering
    .cause = The keys to Fortnox are fetched through a service run by { $vendor }. It could not be reached right now. Nothing has been lost.
    .step-1 = Check that the computer is connected to the internet.
    .step-2 = Click Retry in a moment.
    .step-3 = If it happens again: contact { $vendor } ({ $contact }).

error-broker_installation_unknown = { $integration }'s service does not recognise this computer
    .cause = The service at { $vendor } that looks after the keys no longer recognises this computer. The connection needs to be approved again in Fortnox. Your choices are kept.
    .step-1 = Click Re-authorize and approve in Fortnox.
    .step-2 = If it happens again: contact { $vendor } ({ $contact }).

error-broker_connection_unknown = The connection is no longer kept at { $vendor }
    .cause = The service at { $vendor } that looks after the keys no longer has this connection. It needs to be approved again in Fortnox. Your choices are kept.
    .step-1 = Click Re-authorize and approve in Fortnox.

error-approval_used_elsewhere = The approval was used by another computer too
    .cause = The approval you gave in Fortnox reached the service at { $vendor } from two computers. Only one of them can be yours. So the connection made from it was stopped in Fortnox, to be safe. Nothing was saved here.
    .step-1 = Click Start again. Log in to Fortnox and approve once more.
    .step-2 = If it happens again, someone may see the web addresses you open. Contact { $vendor } ({ $contact }).

error-broker_misconfigured = { $integration } is not set up correctly
    .cause = The service at { $vendor } that looks after the keys does not match this installation (another app or another version). This is not something you can change.
    .step-1 = Contact { $vendor } ({ $contact }) and include the details below.

error-connection_of_another_profile = The connection belongs to another integration
    .cause = The connection was made with another integration (another Fortnox app or another Fortnox server) than the one in use now. It is never used with this one, so that no keys reach the wrong party.
    .step-1 = Use Fortnox Connect with the integration the connection was made with.
    .step-2 = If unsure: contact { $vendor } ({ $contact }) and include the details below.

error-update_signature_invalid = An update was not installed: it is not signed by { $vendor }
    .cause = A new version was offered, but its signature does not match the key built into this app. It may have been changed on the way, or it did not come from { $vendor }. Nothing was installed; your version keeps working.
    .step-1 = Keep using the app as it is.
    .step-2 = Tell { $vendor } ({ $contact }), so they can check their update server.

error-update_downgrade = An older version was offered and not installed
    .cause = { $vendor }'s update server offers a version older than the one you have. Fortnox Connect never goes back to an older version. Your version keeps working.
    .step-1 = Keep using the app as it is.
    .step-2 = Tell { $vendor } ({ $contact }) if it keeps happening.

error-update_not_for_this_computer = No update is published for this computer
    .cause = { $vendor }'s update server has a new version, but not for this kind of computer. Your version keeps working.
    .step-1 = Keep using the app as it is.
    .step-2 = Tell { $vendor } ({ $contact }) if it keeps happening.

error-update_feed_unavailable = Updates could not be checked right now
    .cause = { $vendor }'s update server did not answer in time. Your version keeps working, and the app checks again tomorrow.
    .step-1 = Check that the computer is connected to the internet.
    .step-2 = Click Retry, or wait for tomorrow's check.

error-update_feed_invalid = An update was not installed: the download was not usable
    .cause = { $vendor }'s update server sent something that cannot be an update, for example a file far too large. Nothing was installed; your version keeps working.
    .step-1 = Keep using the app as it is.
    .step-2 = Tell { $vendor } ({ $contact }), so they can check their update server.

error-update_incomplete = An update was only partly downloaded
    .cause = The download of the new version stopped before the whole file came. Nothing was installed; your version keeps working.
    .step-1 = Click Retry, or wait for tomorrow's check.

error-update_install_failed = The update could not be installed
    .cause = The new version was downloaded and checked, but the computer did not install it, for example because the password prompt was closed. Your version keeps working, and your connections are unchanged.
    .step-1 = Click Retry and enter your password when the computer asks.
    .step-2 = If it happens again: export diagnostics and send them to { $vendor } ({ $contact }).

error-update_not_installed_from_package = This copy of the app cannot update itself
    .cause = Fortnox Connect updates itself only when it was installed with { $vendor }'s installer. This copy was started another way.
    .step-1 = Install the new version the same way you installed this one.

error-unknown = Something went wrong
    .cause = An unexpected error happened. The text from Fortnox or the network is under technical details.
    .step-1 = Click Retry.
    .step-2 = If it happens again: export diagnostics and send them to { $vendor } ({ $contact }).

## the login window's title (the site it is on, so a person can check it)
login-window-title = Log into Fortnox — { $site }
login-window-title-sandbox = Log into Fortnox — { $site } (Fortnox sandbox)

## the command line (fortnox-connect)
generic-integration = the integration
generic-vendor = The vendor
cli-login-at = Log into Fortnox at this address:
cli-waiting = Waiting for Fortnox's answer (at most 10 minutes) …
cli-connected = Connected to { $company } — { $account }.
cli-reauthorized = Approved again: { $company } — { $account }.
cli-is-enabled = The connection is enabled.
cli-enable-with = Enable it with: fortnox-connect enable { $id }
cli-decision-discarded = Nothing was saved, and the approval was revoked in Fortnox.
cli-no-connections = No connections yet. Create one with: fortnox-connect connect
cli-field-state = state
cli-field-account = account
cli-field-options = options
cli-removed = Removed and revoked in Fortnox: { $company } ({ $id })
cli-refreshed = Refreshed. New access token valid until { $until }.
cli-keepalive-progress = Renewing { $done } of { $total } …
cli-keepalive-nothing = Nothing to do: every connection was renewed recently.
cli-keepalive-failed = Failed: { $id }: { $title }
cli-exported = Connections written (no secrets): { $path }
cli-diagnostics = Diagnostics written (no secrets): { $path }
cli-schedule-present = The daily keep-alive is set up in Task Scheduler ({ $task }).
cli-schedule-removed = The daily keep-alive was removed from Task Scheduler.
cli-schedule-absent = No daily keep-alive is set up in Task Scheduler.
cli-schedule-unsupported = On this system the package's own timer runs the daily keep-alive: there is nothing to set up.
cli-schedule-failed = The daily keep-alive could not be set up in Task Scheduler: { $reason }
schedule-task-description = Renews the Fortnox connections once a day, so that a connection the integration has not used for weeks does not expire.

## Windows: the app without Microsoft Edge WebView2
webview-missing-title = Fortnox Connect needs Microsoft Edge WebView2
webview-missing-text = Fortnox Connect shows its windows with Microsoft Edge WebView2, which is missing on this computer. It is free from Microsoft and part of Windows 11.

    Install it, then start Fortnox Connect again. Running the Fortnox Connect installer again also offers it.

    Open Microsoft's download page now?

## signing this computer out
sign-out-label = Sign this computer out
sign-out-title = Sign this computer out?
sign-out-text = { $count ->
    [one] The connection is removed from this computer and stopped in Fortnox. { $integration } gets no data from it until someone connects again.
   *[other] All { $count } connections are removed from this computer and stopped in Fortnox. { $integration } gets no data from them until someone connects again.
}
sign-out-confirm = Sign out
sign-out-done = This computer is signed out: { $count ->
    [one] the connection was
   *[other] { $count } connections were
} stopped in Fortnox.
cli-sign-out-needs-yes = This removes every connection and stops each in Fortnox. Add --yes to do it.

## the browser's page after a login (the loopback listener)
loopback-done-title = Done – you can close this window
loopback-done-text = Fortnox has answered. Go back to Fortnox Connect; you can close this window.
loopback-other-title = This is not the login under way
loopback-other-text = This address does not belong to the login Fortnox Connect is waiting for. It changed nothing. Go back to Fortnox Connect.
loopback-empty-title = Fortnox sent no answer
loopback-empty-text = This address came back without an answer, so it changed nothing, and Fortnox Connect is still waiting for the login. If you were logging in to Fortnox, your account may be locked or unpaid: check it in Fortnox, then log in again.

## the connections table (an agency's many clients)
table-renewed-automatic = Automatic
table-renewed-by = Renewed by { $vendor }'s server
table-bulk-enabled = { $count ->
    [one] 1 connection enabled.
   *[other] { $count } connections enabled.
}
table-bulk-disabled = { $count ->
    [one] 1 connection disabled.
   *[other] { $count } connections disabled.
}
table-label = { $shown } of { $total } connections
table-col-company = Company
table-col-state = State
table-col-account = Account
table-col-transfers = Transfers
table-col-renewed = Last renewal
table-col-needs = Needs doing
table-col-actions = Actions
table-nothing-needed = Nothing
table-select-all = Select all { $count } shown
table-select-row = Select { $company }
table-row-menu = More for { $company }
table-selected = { $count ->
    [one] 1 selected
   *[other] { $count } selected
}
table-selected-hidden = ({ $hidden } not shown by the search)
table-bulk-check = Check
table-bulk-reauthorize = Re-authorize ({ $count })
table-bulk-enable = Enable
table-bulk-disable = Disable
table-bulk-export = Export selection
table-bulk-clear = Clear selection
table-enable-title = { $count ->
    [one] Enable 1 connection?
   *[other] Enable { $count } connections?
}
table-enable-text = The integration starts using them again. One that must be approved again first is left as it is.
table-disable-title = { $count ->
    [one] Disable 1 connection?
   *[other] Disable { $count } connections?
}
table-disable-text = The integration stops using them until you enable them again. Nothing is removed, and nothing changes in Fortnox.
table-and-more = and { $more } more

## desktop notifications (a connection needs a person)
notify-one = { $what }. { $who } must act.
notify-many-title = { $count } client connections need you
notify-many-body = { $names } need attention.
notify-many-body-more = { $names } and { $more } more need attention.
notify-open = Open
changed-mark = New
changed-title = Since you last looked ({ $when }): { $what }
