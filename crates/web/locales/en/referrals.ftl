# Referrals, consultations and the financial screening (issue 6).

alert-referral-unanswered = A referral was not answered in time (by { $date }). Call the organisation.
alert-no-screening = Never asked about money matters. Do the financial screening.
alert-no-screening-since = Last asked about money matters on { $date }. Do the financial screening again.

ref-state-concept = draft
ref-state-sent = sent
ref-state-received = received
ref-state-accepted = accepted
ref-state-rejected = rejected
ref-state-in_progress = in progress
ref-state-completed = completed
ref-state-withdrawn = withdrawn

ref-move-sent = Send
ref-move-received = Confirm receipt
ref-move-accepted = Accept
ref-move-rejected = Reject
ref-move-in_progress = Started
ref-move-completed = Complete
ref-move-withdrawn = Withdraw

ref-shared-contact_details = Contact details (name, address, phone)
ref-shared-household_composition = Household composition
ref-shared-question = The question for help
ref-shared-finances_summary = Summary of money matters (financial screening)
ref-shared-plan_goals = Goals from the plan
ref-shared-assessment = Latest life-domain scores
ref-shared-documents = Documents

svc-kind-debt_counselling = debt counselling
svc-kind-landlord_contact = contact with the landlord
svc-kind-work_and_income_urgent = urgent contact with Work and Income
svc-kind-social_legal_advice = social legal advisors
svc-kind-energy_supplier_contact = contact with the energy supplier
svc-kind-water_company_contact = contact with the water company
svc-kind-health_insurer_contact = contact with the health insurer
svc-kind-budget_coaching = budget coaching
svc-kind-budget_management = budget management

err-referral-no-service = Choose an organisation on the social map.
err-referral-nothing-shared = Choose what you send along. Only send what the organisation needs.
err-referral-no-basis = Choose the basis for sharing.
err-referral-no-consent = Choose who in the household consented to this referral.
err-referral-unknown-member = This person is not a member of this household.
err-referral-consent-no-ground = Consent alone is no ground with a public body. Choose the legal task or obligation.
err-referral-service-closed = This organisation does not take referrals now (closed or temporarily closed).
err-referral-outside-area = This organisation does not work in the household's postcode area. Choose another one on the social map.
err-referral-reason = Write down why.
err-referral-outcome = Choose whether the support succeeded.
err-referral-outcome-reason = Write down why the support did not succeed.
err-referral-transition = Not possible: a referral does not go from '{ $from }' to '{ $to }'.
err-referral-not-addressed = This referral was not sent to your organisation.
err-referral-move = This step is not possible now. Reload the page.
