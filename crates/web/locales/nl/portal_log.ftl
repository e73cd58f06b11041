# "Wie heeft mijn dossier bekeken?" (/portaal/inzage, issue 9): who looked at a household's file,
# from the audit log. Plain Dutch (B1): short sentences, everyday words, "u".
portal-log-link = Wie heeft mijn dossier bekeken?
portal-log-title = Wie heeft mijn dossier bekeken?
portal-log-intro = Hier ziet u wie uw gegevens heeft bekeken of veranderd. U ziet ook waarom. Het nieuwste staat bovenaan.
portal-log-not-you = Wat u zelf heeft bekeken, staat hier niet. Wat alleen over een ander lid van uw huishouden gaat, ook niet.
portal-log-empty = Nog niemand anders heeft uw dossier bekeken.
portal-log-no-older = Er is niets ouder dan dit.
portal-log-caption = Wie heeft uw dossier bekeken? Het nieuwste staat bovenaan.
portal-log-col-when = Wanneer
portal-log-col-who = Wie
portal-log-col-what = Wat
portal-log-col-why = Waarom
# "uw dossier" + "bekeken"
portal-log-did = { $what } { $action }
portal-log-times = De tijden zijn in wereldtijd (UTC). In Nederland is het dan 1 uur later. In de zomer is het 2 uur later.
portal-log-older = Oudere
portal-log-questions = Heeft u een vraag over deze lijst? Of klopt er iets niet? Vraag het uw contactpersoon. U kunt ook de privacy-medewerker van de gemeente om uitleg vragen.
portal-log-back = Terug naar Mijn plan
portal-log-not-linked = Uw account is nog niet gekoppeld aan uw dossier.
portal-log-not-linked-help = Daarom kunnen we hier nog niets laten zien. Vraag uw contactpersoon om uw account te koppelen.
portal-log-break-glass = Noodtoegang.
portal-log-break-glass-explained = Deze persoon hoort niet bij uw eigen team. Het was dringend. Daarom mocht het toch.
portal-log-break-glass-reason = De reden: { $reason }

# Who: the role in plain words; "-org" when the organisation is known.
portal-log-role-worker = medewerker van het buurtteam
portal-log-role-team_lead = teamleider
portal-log-role-mdt_member = medewerker van het MDT
portal-log-role-mdt_member-org = medewerker van { $org } (MDT)
portal-log-role-partner = medewerker van een organisatie die u helpt
portal-log-role-partner-org = medewerker van { $org }
portal-log-role-signal_sender = een organisatie die achterstanden met betalen meldt
portal-log-role-signal_sender-org = { $org } (meldt achterstanden met betalen)
portal-log-role-policy = medewerker van de gemeente
portal-log-role-privacy_officer = privacy-medewerker van de gemeente
portal-log-role-admin = beheerder van het systeem
portal-log-role-household_member = iemand uit uw huishouden
portal-log-role-other = een medewerker

# What: the part of the file.
portal-log-what-household = uw dossier
portal-log-what-member = uw gegevens
portal-log-what-lid = de leden van uw huishouden
portal-log-what-contact = een gesprek of contact
portal-log-what-betrokkene = de hulpverleners om u heen
portal-log-what-netwerk = uw netwerk (familie, vrienden, buren)
portal-log-what-contactpersoon = uw contactpersoon
portal-log-what-team = het team dat u helpt
portal-log-what-status = de stand van uw dossier
portal-log-what-adres = uw adres
portal-log-what-intake = uw aanmelding
portal-log-what-assessment = de leefgebieden
portal-log-what-plan = het plan
portal-log-what-plan_afspraken = de afspraken in het plan
portal-log-what-plan_agreement = de afspraken in het plan
portal-log-what-plan_pdf = het plan als pdf
portal-log-what-screening = de vragen over geld
portal-log-what-referral = een verwijzing
portal-log-what-consult = een vraag aan een organisatie
portal-log-what-exception_request = een aanvraag voor maatwerk
portal-log-what-bottleneck_tag = een probleem met regels
portal-log-what-timeline = de tijdlijn van uw dossier
portal-log-what-melding = een melding over een achterstand met betalen

# What they did.
portal-log-action-list = bekeken
portal-log-action-read = bekeken
portal-log-action-create = toegevoegd
portal-log-action-update = gewijzigd
portal-log-action-delete = verwijderd
portal-log-action-other = gebruikt

# Why: the purpose in plain words.
portal-log-why-support = om u te helpen (wettelijke taak van het buurtteam)
portal-log-why-mdt_decision = voor een besluit over maatwerk, met uw toestemming
portal-log-why-referral = om u naar andere hulp te sturen, met uw toestemming
portal-log-why-early_signal = er was een melding dat u achterloopt met betalen
portal-log-why-self_access = om zelf het dossier te bekijken
portal-log-why-supervision = om te kijken of iedereen goed met uw gegevens omgaat
portal-log-why-administration = voor het beheer van het systeem
portal-log-why-other = voor het werk aan uw dossier
