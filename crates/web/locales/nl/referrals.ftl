# Verwijzingen, consulten en het uitvragen van financiën (issue 6).

alert-referral-unanswered = Een verwijzing is niet op tijd beantwoord (uiterlijk { $date }). Bel de organisatie.
alert-no-screening = Nog nooit naar geldzaken gevraagd. Doe het uitvragen van financiën.
alert-no-screening-since = Laatste keer naar geldzaken gevraagd op { $date }. Doe het uitvragen van financiën opnieuw.

ref-state-concept = concept
ref-state-sent = verstuurd
ref-state-received = ontvangen
ref-state-accepted = geaccepteerd
ref-state-rejected = afgewezen
ref-state-in_progress = in behandeling
ref-state-completed = afgerond
ref-state-withdrawn = teruggetrokken

ref-move-sent = Versturen
ref-move-received = Ontvangst bevestigen
ref-move-accepted = Accepteren
ref-move-rejected = Afwijzen
ref-move-in_progress = Begonnen
ref-move-completed = Afronden
ref-move-withdrawn = Terugtrekken

ref-shared-contact_details = Contactgegevens (naam, adres, telefoon)
ref-shared-household_composition = Samenstelling van het huishouden
ref-shared-question = De hulpvraag
ref-shared-finances_summary = Samenvatting geldzaken (uitvragen financiën)
ref-shared-plan_goals = Doelen uit het plan
ref-shared-assessment = Laatste scores op de leefgebieden
ref-shared-documents = Documenten

svc-kind-debt_counselling = schuldhulpverlening
svc-kind-landlord_contact = contact met de verhuurder
svc-kind-work_and_income_urgent = met spoed contact met Werk en Inkomen
svc-kind-social_legal_advice = sociaal raadslieden
svc-kind-energy_supplier_contact = contact met de energieleverancier
svc-kind-water_company_contact = contact met het waterbedrijf
svc-kind-health_insurer_contact = contact met de zorgverzekeraar
svc-kind-budget_coaching = budgetcoaching
svc-kind-budget_management = budgetbeheer

err-referral-no-service = Kies een organisatie op de sociale kaart.
err-referral-nothing-shared = Kies wat je meestuurt. Stuur alleen mee wat de organisatie nodig heeft.
err-referral-no-basis = Kies de grondslag om te delen.
err-referral-no-consent = Kies wie van het huishouden toestemming gaf voor deze verwijzing.
err-referral-unknown-member = Deze persoon hoort niet bij dit huishouden.
err-referral-consent-no-ground = Toestemming alleen is geen grondslag bij een overheidsorganisatie. Kies de wettelijke taak of plicht.
err-referral-service-closed = Deze organisatie neemt nu geen verwijzingen aan (gesloten of tijdelijk dicht).
err-referral-outside-area = Deze organisatie werkt niet in de postcode van het huishouden. Kies een andere op de sociale kaart.
err-referral-reason = Schrijf op waarom.
err-referral-outcome = Kies of de hulp gelukt is.
err-referral-outcome-reason = Schrijf op waarom de hulp niet gelukt is.
err-referral-transition = Dat kan niet: een verwijzing gaat niet van '{ $from }' naar '{ $to }'.
err-referral-not-addressed = Deze verwijzing is niet aan jouw organisatie gestuurd.
err-referral-move = Deze stap kan nu niet. Laad de pagina opnieuw.
