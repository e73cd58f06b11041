# Vroegsignalering (issue 7).

referrer-early_signal = vroegsignaal (betalingsachterstand)
nav-signals = Vroegsignalering

signal-type-rent = huurachterstand
signal-type-electricity = achterstand elektriciteit
signal-type-gas = achterstand gas
signal-type-heat = achterstand warmte
signal-type-water = achterstand drinkwater
signal-type-health_insurance = achterstand zorgverzekering
signal-type-end_of_supply = einde levering energie
signal-type-other = andere achterstand

signal-priority-normal = normaal
signal-priority-high = hoog
signal-priority-urgent = met spoed

signal-match-bsn = gevonden op BSN
signal-match-name_and_birth = gevonden op adres, naam en geboortedatum
signal-match-address = gevonden op adres (alleen het adres klopt; controleer of het dit huishouden is)
signal-match-none = nog niet bekend bij het buurtteam

outreach-state-queued = wacht op een medewerker
outreach-state-assigned = opgepakt
outreach-state-contacting = contact gezocht
outreach-state-closed = afgesloten

outreach-outcome-help_accepted = hulp aangenomen
outreach-outcome-help_declined = hulp niet gewenst
outreach-outcome-no_contact = geen contact gekregen
outreach-outcome-already_resolved = al opgelost
outreach-outcome-moved = verhuisd

attempt-kind-letter = brief
attempt-kind-phone = telefoon
attempt-kind-home_visit = huisbezoek
attempt-kind-email = e-mail
attempt-kind-via_partner = via een partner

attempt-result-reached = contact gehad
attempt-result-not_reached = niet bereikt
attempt-result-message_left = bericht achtergelaten
attempt-result-wrong_address = woont hier niet (meer)

signals-title = Vroegsignalering
signals-intro = Signalen van verhuurders, energie- en waterbedrijven en zorgverzekeraars over betalingsachterstanden in de postcodes van jouw team. Signalen op hetzelfde adres zijn samengevoegd. Neem contact op en bied hulp aan.
signals-none = Geen openstaande signalen.
signals-list = Openstaande signalen
signals-col-received = Binnengekomen
signals-col-priority = Prioriteit
signals-col-types = Soort
signals-col-household = Huishouden
signals-col-state = Stand
signals-col-due = Eerste contactpoging uiterlijk
signals-n = { $n } signalen
signals-repeat = eerder signaal in het afgelopen halfjaar
signals-known = bekend
signals-unknown = nog niet bekend

signal-title = Vroegsignaal
signal-back = Terug naar vroegsignalering
signal-open-file = dossier openen
signal-signals = Signalen
signal-sender = Van
signal-arrears = Achterstand
signal-date = Datum signaal
signal-changed = bedrag later gewijzigd door de melder
signal-contact = Contact
signal-months = { $n } maand(en)
signal-days = { $n } dag(en)
signal-outreach = Contact zoeken
signal-no-attempts = Nog geen contactpoging.
signal-take = Ik pak dit op
signal-back-to-queue = Terug in de wachtrij
signal-attempt = Contactpoging vastleggen
signal-attempt-kind = Hoe
signal-attempt-result = Resultaat
signal-attempt-on = Datum
signal-attempt-note = Toelichting
signal-attempt-save = Contactpoging opslaan
signal-close = Afsluiten
signal-outcome = Uitkomst
signal-objection = De bewoner maakt bezwaar tegen het gebruik van de gegevens
signal-close-hint = De melder hoort alleen de soort uitkomst, niets anders. Bij "hulp aangenomen" komt het signaal in het dossier van het huishouden; is het huishouden nog niet bekend, dan maakt Eenplan een aanmelding.
signal-close-save = Afsluiten
signal-route = Naar een ander team
signal-route-team = Team
signal-route-hint = Het signaal komt in de wachtrij van dat team. Niemand heeft het dan nog opgepakt.
signal-route-save = Doorzetten
signal-done-doorgezet = Het signaal staat nu in de wachtrij van het gekozen team.
signal-done-opgepakt = Je hebt het signaal opgepakt.
signal-done-terug = Het signaal staat weer in de wachtrij.
signal-done-poging = De contactpoging is opgeslagen.
signal-done-afgesloten = Het signaal is afgesloten. De melder krijgt de uitkomst te horen.
signal-intake-question = Vroegsignaal: { $types }. De bewoner wil hulp.
signal-timeline-head = Vroegsignaal, hulp aangenomen:
signal-timeline-line = { $type }: { $amount } (gemeld door { $sender })
err-signal-conflict = Iemand anders heeft dit signaal net veranderd. Bekijk de nieuwe stand en probeer het opnieuw.
err-signal-not-now = Dat kan nu niet met dit signaal. Laad de pagina opnieuw.

err-signal-required = Dit veld is verplicht.
err-signal-unknown-type = Onbekende soort signaal. Gebruik rent, electricity, gas, heat, water, health_insurance, end_of_supply of other.
err-signal-not-an-amount = Geen bedrag. Schrijf bijvoorbeeld 1234,56 of 1234.56.
err-signal-negative-amount = Een achterstand kan niet negatief zijn.
err-signal-zero-amount = Het bedrag moet groter zijn dan 0 (alleen bij einde levering mag het 0 zijn).
err-signal-absurd-amount = Dit bedrag is onwaarschijnlijk hoog (meer dan € 100.000). Controleer het.
err-signal-not-a-number = Geen heel getal.
err-signal-out-of-range = Dit getal valt buiten het mogelijke bereik.
err-signal-too-long = Te lang: hoogstens { $max } tekens.
err-signal-control-character = Bevat een teken dat hier niet mag (bijvoorbeeld een regeleinde).
err-signal-date = Geen datum. Gebruik JJJJ-MM-DD.
err-signal-in-future = Deze datum ligt in de toekomst.
err-signal-too-old = Dit signaal is ouder dan een jaar.
err-signal-postcode = Geen Nederlandse postcode (1234 AB).
err-signal-house-number = Geen huisnummer.
err-signal-bsn = Geen geldig BSN (9 cijfers die de elfproef doorstaan).
err-signal-phone = Geen telefoonnummer (8 tot 15 cijfers).
err-signal-email = Geen e-mailadres.
err-signal-too-few-attempts = Doe eerst twee contactpogingen, waarvan minstens één brief of huisbezoek, voordat je "geen contact" kiest.
err-signal-not-reached = Kies deze uitkomst pas na een poging waarbij je de bewoner sprak.
err-signal-was-reached = Je hebt de bewoner gesproken: kies een andere uitkomst dan "geen contact gekregen".
