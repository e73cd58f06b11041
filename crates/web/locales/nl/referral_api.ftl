# Referral API messages and the referral statistics page.

rapi-wrong-side = Deze stap is niet voor jou: alleen { $side } zet deze stap.
rapi-side-worker = het buurtteam dat verwees
rapi-side-partner = de organisatie die de verwijzing ontving
rapi-answers-object = Stuur de antwoorden als een object: vraagcode → antwoord.
rapi-answer-unknown-question = Deze vraag bestaat niet in de vragenlijst.
rapi-answer-wrong-kind = Dit antwoord past niet bij de vraag.
rapi-answer-unknown-option = Dit is geen van de keuzes.
rapi-answer-out-of-range = Kies een getal van { $min } tot en met { $max }.
rapi-answer-not-asked = Deze vraag wordt niet gesteld bij de andere antwoorden. Laat hem leeg.

rst-title = Verwijzingen in cijfers
rst-intro = Per organisatie op de sociale kaart: hoeveel verwijzingen er zijn verstuurd, hoe snel en hoe er werd geantwoord, en hoe ze afliepen. Zonder persoonsgegevens.
rst-link = Verwijzingen in cijfers
rst-filter = Periode kiezen
rst-from = Verstuurd vanaf
rst-show = Toon
rst-none = In deze periode zijn geen verwijzingen verstuurd.
rst-caption = Verwijzingen per dienst
rst-col-service = Dienst
rst-col-sent = Verstuurd
rst-col-answered = Beantwoord
rst-col-median = Mediaan antwoordtijd (uren)
rst-col-p90 = 90% binnen (uren)
rst-col-accepted = Geaccepteerd
rst-col-rejected = Afgewezen
rst-col-rate = Acceptatie
rst-col-success = Afgerond, gelukt
rst-col-failure = Afgerond, niet gelukt
rst-col-withdrawn = Teruggetrokken
rst-col-open = Loopt nog
rst-fewer = minder dan { $n }
rst-suppressed = Niet getoond: te weinig verwijzingen om de cijfers te tonen.
rst-note = Een dienst met minder dan 5 verstuurde verwijzingen staat erin zonder cijfers: kleine aantallen kunnen naar een huishouden wijzen.
