# Eenplan — Nederlandse teksten (eerste taal). Wat een huishouden leest is B1-taal.
app-name = Eenplan
skip-to-content = Naar de inhoud
nav-main = Hoofdmenu
nav-home = Start
nav-account = Mijn account
nav-admin = Beheer
nav-audit = Logboek
nav-portal = Mijn plan
logout = Uitloggen
logged-in-as = Ingelogd als { $name }
other-language = English
footer-text = Eenplan — één huishouden, één plan, één contactpersoon.

role-worker = buurtteammedewerker
role-team_lead = teamleider
role-mdt_member = lid van het MDT
role-partner = partnerorganisatie
role-signal_sender = signaalmelder
role-policy = beleidsadviseur
role-privacy_officer = privacyfunctionaris
role-admin = beheerder
role-household_member = lid van het huishouden

team-kind-social = sociaal team (Wmo)
team-kind-youth_family = jeugd- en gezinsteam
team-kind-integrated = integraal team

login-title = Inloggen
login-intro = Log in met je gebruikersnaam en wachtwoord.
login-username = Gebruikersnaam
login-password = Wachtwoord
login-submit = Inloggen
login-error-invalid = Je gebruikersnaam of wachtwoord klopt niet. Controleer ze en probeer het opnieuw.
login-error-locked = Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.
login-error-throttled = Er zijn te veel inlogpogingen vanaf dit adres. Wacht een paar minuten en probeer het opnieuw.
login-error-required = Vul je gebruikersnaam en wachtwoord in.
login-error-no-ui = Dit account gebruikt alleen de koppeling (API) en kan niet inloggen.
login-session-expired = Je sessie is verlopen. Log opnieuw in.
login-logged-out = Je bent uitgelogd.

totp-title = Inlogcode
totp-intro = Typ de code van 6 cijfers uit je authenticator-app.
totp-code = Code van 6 cijfers
totp-submit = Bevestigen
totp-error-invalid = Deze code klopt niet of is al gebruikt. Typ de nieuwe code uit je app.

enrol-title = Tweestapsverificatie instellen
enrol-required = Voor jouw rol is tweestapsverificatie verplicht. Stel het nu in om verder te gaan.
enrol-intro = Voeg Eenplan toe aan je authenticator-app met de sleutel hieronder. Typ daarna de code die de app laat zien.
enrol-qr = QR-code om te scannen met je authenticator-app
enrol-secret = Sleutel
enrol-uri = Link voor de app
enrol-submit = Code bevestigen
enrol-done = Tweestapsverificatie staat aan.
enrol-error = Deze code klopt niet. Controleer of de tijd op je telefoon goed staat en probeer het opnieuw.

account-title = Mijn account
account-password-title = Wachtwoord wijzigen
account-current = Huidig wachtwoord
account-new = Nieuw wachtwoord (minstens 12 tekens)
account-repeat = Nieuw wachtwoord nog een keer
account-submit = Wachtwoord opslaan
account-password-changed = Je wachtwoord is gewijzigd. Andere sessies zijn afgemeld.
account-totp-title = Tweestapsverificatie
account-totp-on = Tweestapsverificatie staat aan.
account-totp-off = Tweestapsverificatie staat uit.
account-totp-setup = Tweestapsverificatie instellen
err-password-current = Je huidige wachtwoord klopt niet.
err-password-too-short = Kies een wachtwoord van minstens 12 tekens.
err-password-contains-username = Je wachtwoord mag je gebruikersnaam niet bevatten.
err-password-mismatch = De twee nieuwe wachtwoorden zijn niet gelijk.

home-title = Start
home-welcome = Welkom, { $name }.
home-role = Je werkt nu als { $role }.
caseload-title = Mijn huishoudens
caseload-intro = Hier zie je de huishoudens waarvoor jij contactpersoon bent, en wat aandacht nodig heeft.
caseload-empty = Je hebt nog geen huishoudens.
caseload-teams = Jouw teams
home-mdt = Hier zie je de verzoeken die met jouw organisatie zijn gedeeld, met toestemming van het huishouden.
home-partner = Hier zie je de verwijzingen naar jouw organisatie.
home-policy = Hier zie je patronen in geanonimiseerde cijfers. Je ziet nooit gegevens van één huishouden.
home-nothing-yet = Er staat nog niets klaar.

admin-title = Beheer
admin-intro = Teams, hun werkgebied en de gebruikers. Als beheerder zie je geen dossiers.
admin-teams = Teams
admin-team-name = Naam
admin-team-kind = Soort
admin-team-area = Werkgebied (postcodes)
admin-users = Aantal gebruikers

audit-title = Logboek
audit-intro = Elke keer dat iemand gegevens bekijkt of wijzigt, staat dat hier. Het logboek kan niet worden gewijzigd.
audit-verify-ok = De keten van het logboek is onbeschadigd ({ $count } regels gecontroleerd).
audit-verify-bad = Het logboek is beschadigd: { $detail }
audit-filter-household = Huishouden (id)
audit-filter-break-glass = Alleen noodtoegang
audit-filter-submit = Filteren
audit-col-seq = Nr.
audit-col-at = Tijd (UTC)
audit-col-who = Wie
audit-col-role = Rol
audit-col-what = Wat
audit-col-purpose = Doel
audit-col-outcome = Uitkomst
audit-col-reason = Reden
audit-outcome-allowed = toegestaan
audit-outcome-denied = geweigerd
audit-break-glass = noodtoegang
audit-empty = Geen regels gevonden.
audit-older = Oudere regels

portal-title = Mijn plan
portal-welcome = Welkom, { $name }.
portal-intro = Hier ziet u straks uw plan, uw afspraken en wie uw dossier heeft bekeken.

error-title = Er ging iets mis
error-back = Terug naar de startpagina
error-400 = Dit verzoek klopt niet. Controleer wat u invulde en probeer het opnieuw.
error-403 = U heeft geen toegang tot deze pagina.
error-404 = Deze pagina bestaat niet.
error-405 = Deze actie kan hier niet.
error-413 = Wat u stuurde is te groot.
error-csrf = Het formulier is verlopen of niet van Eenplan. Laad de pagina opnieuw en probeer het nog een keer.
error-500 = Er ging iets mis bij ons. Probeer het later opnieuw. Blijft het misgaan, neem dan contact op met de beheerder.

problem-unauthorized = Niet ingelogd: stuur een geldige API-sleutel als Bearer-token.
problem-malformed-key = De API-sleutel heeft niet de juiste vorm.
problem-forbidden = Geen toegang voor deze rol.
problem-not-found = Niet gevonden.
problem-validation = De invoer klopt niet.
problem-internal = Interne fout.
