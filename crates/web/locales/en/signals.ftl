# Early signals (issue 7).

referrer-early_signal = early signal (payment arrears)
nav-signals = Early signals

signal-type-rent = rent arrears
signal-type-electricity = electricity arrears
signal-type-gas = gas arrears
signal-type-heat = heat arrears
signal-type-water = drinking water arrears
signal-type-health_insurance = health insurance arrears
signal-type-end_of_supply = end of energy supply
signal-type-other = other arrears

signal-priority-normal = normal
signal-priority-high = high
signal-priority-urgent = urgent

signal-match-bsn = found by BSN
signal-match-name_and_birth = found by address, name and date of birth
signal-match-address = found by address (only the address matches; check it is this household)
signal-match-none = not yet known to the neighbourhood team

outreach-state-queued = waiting for a worker
outreach-state-assigned = picked up
outreach-state-contacting = contact sought
outreach-state-closed = closed

outreach-outcome-help_accepted = help accepted
outreach-outcome-help_declined = help declined
outreach-outcome-no_contact = no contact made
outreach-outcome-already_resolved = already resolved
outreach-outcome-moved = moved

attempt-kind-letter = letter
attempt-kind-phone = phone
attempt-kind-home_visit = home visit
attempt-kind-email = e-mail
attempt-kind-via_partner = via a partner

attempt-result-reached = reached
attempt-result-not_reached = not reached
attempt-result-message_left = message left
attempt-result-wrong_address = does not live here (any more)

signals-title = Early signals
signals-intro = Signals from landlords, energy and water companies and health insurers about payment arrears in your team's postcodes. Signals for the same address are combined. Get in touch and offer help.
signals-none = No open signals.
signals-list = Open signals
signals-col-received = Received
signals-col-priority = Priority
signals-col-types = Kind
signals-col-household = Household
signals-col-state = State
signals-col-due = First contact attempt by
signals-n = { $n } signals
signals-repeat = earlier signal in the last six months
signals-known = known
signals-unknown = not known yet

signal-title = Early signal
signal-back = Back to early signals
signal-open-file = open the file
signal-signals = Signals
signal-sender = From
signal-arrears = Arrears
signal-date = Date of the signal
signal-changed = amount later changed by the sender
signal-contact = Contact
signal-months = { $n } month(s)
signal-days = { $n } day(s)
signal-outreach = Seeking contact
signal-no-attempts = No contact attempt yet.
signal-take = I pick this up
signal-back-to-queue = Back to the queue
signal-attempt = Record a contact attempt
signal-attempt-kind = How
signal-attempt-result = Result
signal-attempt-on = Date
signal-attempt-note = Note
signal-attempt-save = Save contact attempt
signal-close = Close
signal-outcome = Outcome
signal-objection = The resident objects to the use of the data
signal-close-hint = The sender only hears the kind of outcome, nothing else. With "help accepted" the signal goes into the household's file; if the household is not known yet, Eenplan makes an intake.
signal-close-save = Close
signal-route = To another team
signal-route-team = Team
signal-route-hint = The signal goes to that team's queue, not yet picked up by anyone.
signal-route-save = Send on
signal-done-doorgezet = The signal is now in the chosen team's queue.
signal-done-opgepakt = You picked the signal up.
signal-done-terug = The signal is back in the queue.
signal-done-poging = The contact attempt was saved.
signal-done-afgesloten = The signal was closed. The sender will hear the outcome.
signal-intake-question = Early signal: { $types }. The resident wants help.
signal-timeline-head = Early signal, help accepted:
signal-timeline-line = { $type }: { $amount } (reported by { $sender })
err-signal-conflict = Someone else just changed this signal. Look at its new state and try again.
err-signal-not-now = That is not possible with this signal now. Reload the page.

err-signal-required = This field is required.
err-signal-unknown-type = Unknown kind of signal. Use rent, electricity, gas, heat, water, health_insurance, end_of_supply or other.
err-signal-not-an-amount = Not an amount. Write for example 1234.56 or 1234,56.
err-signal-negative-amount = Arrears cannot be negative.
err-signal-zero-amount = The amount must be more than 0 (only an end of supply may be 0).
err-signal-absurd-amount = This amount is implausibly high (more than € 100,000). Check it.
err-signal-not-a-number = Not a whole number.
err-signal-out-of-range = This number is outside the possible range.
err-signal-too-long = Too long: at most { $max } characters.
err-signal-control-character = Contains a character that is not allowed here (for example a line break).
err-signal-date = Not a date. Use YYYY-MM-DD.
err-signal-in-future = This date lies in the future.
err-signal-too-old = This signal is more than a year old.
err-signal-postcode = Not a Dutch postcode (1234 AB).
err-signal-house-number = Not a house number.
err-signal-bsn = Not a valid BSN (9 digits that pass the eleven test).
err-signal-phone = Not a phone number (8 to 15 digits).
err-signal-email = Not an e-mail address.
err-signal-too-few-attempts = First make two contact attempts, at least one of them a letter or a home visit, before you choose "no contact".
err-signal-not-reached = Only choose this outcome after an attempt in which you spoke to the resident.
err-signal-was-reached = You spoke to the resident: choose another outcome than "no contact made".
