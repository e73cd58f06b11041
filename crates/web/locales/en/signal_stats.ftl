# Early signals in numbers (issue 7): /vroegsignalering/overzicht.

nav-signal-stats = Early signals in numbers

sst-title = Early signals in numbers
sst-intro = How many early signals came in, per period and team: of which type and from which kind of sender, how soon the first contact attempt followed, how often the resident was reached and how it ended. Counts only, no personal data; counts below 5 are not shown. A melding counts in the period its first signal came in.
sst-filter = Choose
sst-period = Per
sst-from = Meldingen received from
sst-show = Show
sst-none = There are no meldingen in this period.
sst-fewer = fewer than { $n }
sst-no-team = no team (outside the teams' areas)
sst-col-period = Period
sst-col-team = Team
sst-overview = Meldingen and contact
sst-col-meldingen = Meldingen
sst-col-signals = Signals
sst-col-attempted = With a contact attempt
sst-col-median-days = Days to first attempt (median)
sst-col-reached = Reached
sst-col-reach-rate = Reached of attempted
sst-col-open = Still open
sst-col-repeats = Repeat signal
sst-by-type = Signals per type of arrears
sst-by-sender = Signals per kind of sender
sst-outcomes = Closed meldingen per outcome
sst-note = A median or percentage over fewer than 5 meldingen is not shown (—). "Repeat signal": there was a signal at the same address in the six months before. Reached of attempted counts only meldingen with a contact attempt.

sst-sender-housing_corporation = housing corporation
sst-sender-private_landlord = private landlord
sst-sender-energy = energy company
sst-sender-water = drinking water company
sst-sender-health_insurer = health insurer
sst-sender-other = other sender
