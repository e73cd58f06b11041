# Eenplan — the household portal's texts, ready for translation (issue 9).
#
# How to add a language: copy this file to crates/web/locales/<code>/portal.ftl (for example tr, ar, pl),
# replace every value (the text after `=`) by its translation, keep the keys and the { $placeholders }
# as they are, and add the language to `Lang` in crates/web/src/i18n.rs. The Dutch original is in the
# comment above each key; the value is the English text to start from. Write plainly: short sentences,
# everyday words, address the reader directly. The test `the_translation_template_has_every_portal_text`
# (crates/web/tests/plain_language.rs) fails when a portal text is added or removed and this file is not.

## portal.ftl
# nl: Mijn plan
portal-title = My plan
# nl: Welkom, { $name }.
portal-welcome = Welcome, { $name }.
# nl: Uw account voor Mijn plan
invite-account-title = Your My plan account
# nl: Kies een gebruikersnaam en een wachtwoord. Daarmee logt u in op Mijn plan. Daar ziet u uw plan en uw afspraken.
invite-account-intro = Choose a username and a password. You use them to log in to My plan. There you see your plan and your agreements.
# nl: Gebruikersnaam
invite-f-username = Username
# nl: Kies 3 tot 40 tekens: kleine letters, cijfers, een punt of een streepje.
invite-f-username-hint = Choose 3 to 40 characters: lower-case letters, digits, a dot or a dash.
# nl: Wachtwoord
invite-f-password = Password
# nl: Kies minstens 12 tekens. Zet uw gebruikersnaam er niet in.
invite-f-password-hint = Choose at least 12 characters. Do not put your username in it.
# nl: Wachtwoord nog een keer
invite-f-password2 = Password again
# nl: Account maken
invite-f-submit = Make account
# nl: Kies 3 tot 40 tekens: kleine letters, cijfers, een punt of een streepje.
invite-err-username = Choose 3 to 40 characters: lower-case letters, digits, a dot or a dash.
# nl: Iemand anders heeft deze naam al. Kies een andere naam.
invite-err-username-taken = Someone else already has this name. Choose another name.
# nl: De twee wachtwoorden zijn niet gelijk. Typ ze nog een keer.
invite-err-password-again = The two passwords are not the same. Type them again.
# nl: Deze link kennen wij niet. Kijk of u de hele link hebt overgenomen.
invite-link-unknown = We do not know this link. Check that you copied the whole link.
# nl: Deze link is te oud. Een link werkt 14 dagen.
invite-link-expired = This link is too old. A link works for 14 days.
# nl: Deze link is al gebruikt. Een link werkt maar één keer.
invite-link-used = This link has been used. A link works only once.
# nl: Vraag uw contactpersoon om een nieuwe link.
invite-ask-new = Ask your contact person for a new link.
# nl: Uw account is klaar. Log in met uw gebruikersnaam en wachtwoord. Daarna stelt u de tweede stap in.
invite-account-ready = Your account is ready. Log in with your username and password. Then you set up the second step.
# nl: Uw account hoort nog niet bij een huishouden. Vraag uw contactpersoon om hulp.
portal-not-linked = Your account does not belong to a household yet. Ask your contact person for help.
# nl: Uw contactpersoon
portal-contact = Your contact person
# nl: U heeft nog geen contactpersoon. Het buurtteam zoekt iemand voor u.
portal-contact-none = You do not have a contact person yet. The neighbourhood team is looking for someone for you.
# nl: Wanneer we samen kijken hoe het gaat
portal-evaluation = When we look together at how things are going
# nl: Uw plan
portal-plan = Your plan
# nl: Er is nog geen plan. Uw contactpersoon maakt het plan samen met u.
portal-plan-none = There is no plan yet. Your contact person makes the plan together with you.
# nl: Dit is een nieuwe versie van het plan. Lees het goed. Bent u het ermee eens? Zeg het hieronder.
portal-plan-draft = This is a new version of the plan. Read it carefully. Do you agree with it? Say so below.
# nl: { $name } heeft op { $date } gezegd: ik ben het eens met dit plan.
portal-plan-agreed = { $name } said on { $date }: I agree with this plan.
# nl: U was het eerder eens met dit plan.
portal-plan-agreed-earlier = You agreed with this plan before.
# nl: Voor wie
portal-goal-for = For whom
# nl: Het doel is bereikt als
portal-goal-reached-when = The goal is reached when
# nl: Klaar op
portal-goal-due = Done by
# nl: Hoe staat het ervoor
portal-goal-status = How it is going
# nl: Wie doet wat
portal-actions = Who does what
# nl: klaar op { $date }
portal-action-due = done by { $date }
# nl: Er zijn nog { $n } doelen van andere leden van uw huishouden. Die ziet u niet.
portal-goals-hidden = There are { $n } more goals of other members of your household. You do not see them.
# nl: Klopt het plan? Dan kunt u hier zeggen dat u het ermee eens bent. Wilt u iets anders? Schrijf het hieronder aan uw contactpersoon.
portal-agree-intro = Is the plan right? Then you can say here that you agree with it. Do you want something else? Write it below to your contact person.
# nl: Ik ben het eens met dit plan
portal-agree = I agree with this plan
# nl: Dank u. U heeft gezegd dat u het eens bent met het plan.
portal-agreed = Thank you. You said that you agree with the plan.
# nl: Het plan is net veranderd. Lees het nog een keer. Daarna kunt u zeggen of u het ermee eens bent.
portal-plan-changed = The plan has just changed. Read it again. Then you can say whether you agree with it.
# nl: Een bericht aan uw contactpersoon
portal-message = A message to your contact person
# nl: Waar gaat uw bericht over?
portal-message-kind = What is your message about?
# nl: Ik wil iets anders in het plan
portal-message-change = I want something different in the plan
# nl: Dit vind ik belangrijk
portal-message-matters = This matters to me
# nl: Uw bericht
portal-message-text = Your message
# nl: Bericht sturen
portal-message-send = Send message
# nl: Uw bericht is verstuurd. Uw contactpersoon leest het.
portal-message-sent = Your message has been sent. Your contact person will read it.
# nl: Kies waar uw bericht over gaat.
portal-err-kind = Choose what your message is about.
# nl: Bericht uit Mijn plan: ik wil iets anders in het plan.
portal-note-change = Message from My plan: I want something different in the plan.
# nl: Bericht uit Mijn plan: dit vind ik belangrijk.
portal-note-matters = Message from My plan: this matters to me.
# nl: Mijn toestemming
portal-consent-title = My consent
# nl: Aan wie heeft u toestemming gegeven?
portal-consent-link = Who did you give consent to?
# nl: Hier staat wie uw gegevens mag zien met uw toestemming. U kunt die toestemming altijd intrekken. Dan ziet die organisatie uw gegevens meteen niet meer.
portal-consent-intro = Here you see which organisations you gave consent to look at your data. You can always withdraw that consent. That organisation can then no longer see your data, straight away.
# nl: U heeft nog aan niemand toestemming gegeven.
portal-consent-none = You have not given consent to anyone yet.
# nl: Waarvoor
portal-consent-for = What for
# nl: Om samen te kiezen wat het beste bij u past (maatwerk).
portal-consent-mdt = To decide together on a solution that fits your situation (tailored support).
# nl: Gegeven op
portal-consent-since = Given on
# nl: Waarom het ook mag
portal-consent-ground = Why it is also allowed
# nl: Deze organisatie mag dit ook doen omdat het haar taak is volgens de wet. Uw toestemming is er een extra voorwaarde bij.
portal-consent-ground-legal_task = This organisation may also do this because it is its task by law. Your consent is an extra condition.
# nl: Deze organisatie moet dit doen volgens de wet. Uw toestemming is er een extra voorwaarde bij.
portal-consent-ground-legal_obligation = This organisation must do this by law. Your consent is an extra condition.
# nl: Nu
portal-consent-state = Now
# nl: U geeft toestemming.
portal-consent-given = You give consent.
# nl: U heeft de toestemming ingetrokken op { $date }.
portal-consent-withdrawn-on = You withdrew the consent on { $date }.
# nl: Trekt u de toestemming in? Dan kan deze organisatie uw gegevens vanaf nu niet meer zien. Het besluit kan dan langer duren.
portal-consent-withdraw-what = Do you withdraw the consent? Then this organisation can no longer see your data from now on. The decision may then take longer.
# nl: Toestemming intrekken voor { $organisation }
portal-consent-withdraw = Withdraw consent for { $organisation }
# nl: U heeft de toestemming ingetrokken. Die organisatie kan uw gegevens nu niet meer zien.
portal-consent-withdrawn = You withdrew the consent. That organisation can no longer see your data.
# nl: Terug naar Mijn plan
portal-back = Back to My plan
# nl: Mijn gegevens bekijken
portal-data-link = See my data
# nl: Mijn gegevens
portal-data-title = My data
# nl: U mag alles zien wat wij over u bewaren. Klik op de link. U krijgt dan een bestand met al uw gegevens.
portal-data-intro = You may see everything we keep about you. Click the link. You then get a file with all your data.
# nl: Download mijn gegevens (bestand)
portal-data-download = Download my data (file)
# nl: Klopt er iets niet?
portal-data-wrong = Is something wrong?
# nl: Schrijf wat er niet klopt en wat het wel moet zijn. Uw contactpersoon past het aan of legt uit waarom niet.
portal-data-correct = Write what is wrong and what it should be. Your contact person changes it or explains why not.
# nl: Wat klopt er niet?
portal-data-what = What is wrong?
# nl: Bericht uit Mijn plan: er klopt iets niet in mijn gegevens.
portal-note-correction = Message from My plan: something in my data is wrong.
# nl: De tweede stap instellen
portal-enrol-title = Set up the second step
# nl: U logt in met twee stappen: uw wachtwoord en een code van uw telefoon. Zo kan niemand anders in uw plan kijken.
portal-enrol-required = You log in with two steps: your password and a code from your phone. That way nobody else can look at your plan.
# nl: Zet een app voor inlogcodes op uw telefoon, bijvoorbeeld van Google of Microsoft. Scan de code of typ de sleutel over. Typ daarna de 6 cijfers die de app laat zien.
portal-enrol-intro = Put an app for login codes on your phone, for example from Google or Microsoft. Scan the code or type the key. Then type the 6 digits the app shows.
# nl: Code om te scannen met de app op uw telefoon
portal-enrol-qr = Code to scan with the app on your phone
# nl: Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat. Probeer het dan opnieuw.
portal-enrol-error = This code is not right. Check that the time on your phone is right. Then try again.
# nl: Typ de 6 cijfers uit de app op uw telefoon.
portal-totp-intro = Type the 6 digits from the app on your phone.
# nl: Deze code klopt niet of is al gebruikt. Typ de nieuwe code uit de app.
portal-totp-error-invalid = This code is not right or was used already. Type the new code from the app.
# nl: Alles wat Eenplan over u bewaart. Dat is uw recht (AVG artikel 15).
portal-data-about = Everything Eenplan keeps about you. That is your right (GDPR article 15).

## portal_log.ftl
# nl: Wie heeft mijn dossier bekeken?
portal-log-link = Who looked at my file?
# nl: Wie heeft mijn dossier bekeken?
portal-log-title = Who looked at my file?
# nl: Hier ziet u wie uw gegevens heeft bekeken of veranderd. U ziet ook waarom. Het nieuwste staat bovenaan.
portal-log-intro = Here you see who looked at or changed your details. You also see why. The newest is at the top.
# nl: Wat u zelf heeft bekeken, staat hier niet. Wat alleen over een ander lid van uw huishouden gaat, ook niet.
portal-log-not-you = What you looked at yourself is not listed. What is only about another member of your household is not listed either.
# nl: Nog niemand anders heeft uw dossier bekeken.
portal-log-empty = Nobody else has looked at your file yet.
# nl: Er is niets ouder dan dit.
portal-log-no-older = There is nothing older than this.
# nl: Wie heeft uw dossier bekeken? Het nieuwste staat bovenaan.
portal-log-caption = Who looked at your file? The newest is at the top.
# nl: Wanneer
portal-log-col-when = When
# nl: Wie
portal-log-col-who = Who
# nl: Wat
portal-log-col-what = What
# nl: Waarom
portal-log-col-why = Why
# nl: { $what } { $action }
portal-log-did = { $action } { $what }
# nl: De tijden zijn in wereldtijd (UTC). In Nederland is het dan 1 uur later. In de zomer is het 2 uur later.
portal-log-times = Times are in world time (UTC). In the Netherlands it is 1 hour later. In summer it is 2 hours later.
# nl: Oudere
portal-log-older = Older
# nl: Heeft u een vraag over deze lijst? Of klopt er iets niet? Vraag het uw contactpersoon. U kunt ook de privacy-medewerker van de gemeente om uitleg vragen.
portal-log-questions = Do you have a question about this list? Or is something wrong? Ask your contact person. You can also ask the municipality's privacy officer to explain.
# nl: Terug naar Mijn plan
portal-log-back = Back to My plan
# nl: Uw account is nog niet gekoppeld aan uw dossier.
portal-log-not-linked = Your account is not linked to your file yet.
# nl: Daarom kunnen we hier nog niets laten zien. Vraag uw contactpersoon om uw account te koppelen.
portal-log-not-linked-help = That is why we cannot show anything here yet. Ask your contact person to link your account.
# nl: Noodtoegang.
portal-log-break-glass = Emergency access.
# nl: Deze persoon hoort niet bij uw eigen team. Het was dringend. Daarom mocht het toch.
portal-log-break-glass-explained = This person is not part of your own team. It was urgent. That is why it was allowed.
# nl: De reden: { $reason }
portal-log-break-glass-reason = The reason: { $reason }
# nl: medewerker van het buurtteam
portal-log-role-worker = worker of the neighbourhood team
# nl: teamleider
portal-log-role-team_lead = team leader
# nl: medewerker van het MDT
portal-log-role-mdt_member = worker of the MDT
# nl: medewerker van { $org } (MDT)
portal-log-role-mdt_member-org = worker of { $org } (MDT)
# nl: medewerker van een organisatie die u helpt
portal-log-role-partner = worker of an organisation that helps you
# nl: medewerker van { $org }
portal-log-role-partner-org = worker of { $org }
# nl: een organisatie die achterstanden met betalen meldt
portal-log-role-signal_sender = an organisation that reports payment arrears
# nl: { $org } (meldt achterstanden met betalen)
portal-log-role-signal_sender-org = { $org } (reports payment arrears)
# nl: medewerker van de gemeente
portal-log-role-policy = municipal employee
# nl: privacy-medewerker van de gemeente
portal-log-role-privacy_officer = privacy officer of the municipality
# nl: beheerder van het systeem
portal-log-role-admin = system administrator
# nl: iemand uit uw huishouden
portal-log-role-household_member = someone from your household
# nl: een medewerker
portal-log-role-other = an employee
# nl: uw dossier
portal-log-what-household = your file
# nl: uw gegevens
portal-log-what-member = your details
# nl: de leden van uw huishouden
portal-log-what-lid = the members of your household
# nl: een gesprek of contact
portal-log-what-contact = a conversation or contact
# nl: de hulpverleners om u heen
portal-log-what-betrokkene = the care workers around you
# nl: uw netwerk (familie, vrienden, buren)
portal-log-what-netwerk = your network (family, friends, neighbours)
# nl: uw contactpersoon
portal-log-what-contactpersoon = your contact person
# nl: het team dat u helpt
portal-log-what-team = the team that helps you
# nl: de stand van uw dossier
portal-log-what-status = the status of your file
# nl: uw adres
portal-log-what-adres = your address
# nl: uw aanmelding
portal-log-what-intake = your registration
# nl: de leefgebieden
portal-log-what-assessment = the life domains
# nl: het plan
portal-log-what-plan = the plan
# nl: de afspraken in het plan
portal-log-what-plan_afspraken = the agreements in the plan
# nl: de afspraken in het plan
portal-log-what-plan_agreement = the agreements in the plan
# nl: het plan als pdf
portal-log-what-plan_pdf = the plan as a PDF
# nl: de vragen over geld
portal-log-what-screening = the questions about money
# nl: een verwijzing
portal-log-what-referral = a referral
# nl: een vraag aan een organisatie
portal-log-what-consult = a question to an organisation
# nl: een aanvraag voor maatwerk
portal-log-what-exception_request = a request for a tailored solution
# nl: een probleem met regels
portal-log-what-bottleneck_tag = a problem with rules
# nl: de tijdlijn van uw dossier
portal-log-what-timeline = the timeline of your file
# nl: een melding over een achterstand met betalen
portal-log-what-melding = a report about payment arrears
# nl: bekeken
portal-log-action-list = viewed
# nl: bekeken
portal-log-action-read = viewed
# nl: toegevoegd
portal-log-action-create = added
# nl: gewijzigd
portal-log-action-update = changed
# nl: verwijderd
portal-log-action-delete = removed
# nl: gebruikt
portal-log-action-other = used
# nl: om u te helpen (wettelijke taak van het buurtteam)
portal-log-why-support = to help you (legal task of the neighbourhood team)
# nl: voor een besluit over maatwerk, met uw toestemming
portal-log-why-mdt_decision = for a decision on a tailored solution, with your consent
# nl: om u naar andere hulp te sturen, met uw toestemming
portal-log-why-referral = to refer you to other help, with your consent
# nl: er was een melding dat u achterloopt met betalen
portal-log-why-early_signal = there was a report that you are behind with payments
# nl: om zelf het dossier te bekijken
portal-log-why-self_access = to look at the file themselves
# nl: om te kijken of iedereen goed met uw gegevens omgaat
portal-log-why-supervision = to see whether everyone handles your details properly
# nl: voor het beheer van het systeem
portal-log-why-administration = to manage the system
# nl: voor het werk aan uw dossier
portal-log-why-other = for work on your file
