# Vroegsignalering in cijfers (issue 7): /vroegsignalering/overzicht.

nav-signal-stats = Vroegsignalering in cijfers

sst-title = Vroegsignalering in cijfers
sst-intro = Hoeveel vroegsignalen er binnenkwamen, per periode en team: van welke soort en van welk soort melder, hoe snel de eerste contactpoging volgde, hoe vaak de bewoner bereikt werd en hoe het afliep. Alleen aantallen, geen persoonsgegevens; aantallen onder de 5 worden niet getoond. Een melding telt in de periode waarin haar eerste signaal binnenkwam.
sst-filter = Kiezen
sst-period = Per
sst-from = Meldingen binnengekomen vanaf
sst-show = Tonen
sst-none = Er zijn geen meldingen in deze periode.
sst-fewer = minder dan { $n }
sst-no-team = geen team (buiten de werkgebieden)
sst-col-period = Periode
sst-col-team = Team
sst-overview = Meldingen en contact
sst-col-meldingen = Meldingen
sst-col-signals = Signalen
sst-col-attempted = Met contactpoging
sst-col-median-days = Dagen tot eerste poging (mediaan)
sst-col-reached = Bereikt
sst-col-reach-rate = Bereikt van geprobeerd
sst-col-open = Nog open
sst-col-repeats = Herhaald signaal
sst-by-type = Signalen per soort achterstand
sst-by-sender = Signalen per soort melder
sst-outcomes = Afgesloten meldingen per uitkomst
sst-note = Een mediaan of percentage over minder dan 5 meldingen wordt niet getoond (—). "Herhaald signaal": in het halfjaar ervoor was er al een signaal op hetzelfde adres. Bereikt van geprobeerd telt alleen meldingen met een contactpoging.

sst-sender-housing_corporation = woningcorporatie
sst-sender-private_landlord = particuliere verhuurder
sst-sender-energy = energiebedrijf
sst-sender-water = drinkwaterbedrijf
sst-sender-health_insurer = zorgverzekeraar
sst-sender-other = andere melder
