# Referral API messages and the referral statistics page.

rapi-wrong-side = This step is not yours: only { $side } takes this step.
rapi-side-worker = the neighbourhood team that referred
rapi-side-partner = the organisation that received the referral
rapi-answers-object = Send the answers as an object: question code → answer.
rapi-answer-unknown-question = This question is not in the questionnaire.
rapi-answer-wrong-kind = This answer does not fit the question.
rapi-answer-unknown-option = This is not one of the choices.
rapi-answer-out-of-range = Choose a number from { $min } to { $max }.
rapi-answer-not-asked = This question is not asked given the other answers. Leave it empty.

rst-title = Referrals in numbers
rst-intro = Per organisation on the social map: how many referrals were sent, how fast and how they were answered, and how they ended. No personal data.
rst-link = Referrals in numbers
rst-filter = Choose the period
rst-from = Sent from
rst-show = Show
rst-none = No referrals were sent in this period.
rst-caption = Referrals per service
rst-col-service = Service
rst-col-sent = Sent
rst-col-answered = Answered
rst-col-median = Median answer time (hours)
rst-col-p90 = 90% within (hours)
rst-col-accepted = Accepted
rst-col-rejected = Rejected
rst-col-rate = Acceptance
rst-col-success = Completed, succeeded
rst-col-failure = Completed, did not succeed
rst-col-withdrawn = Withdrawn
rst-col-open = Still open
rst-fewer = fewer than { $n }
rst-suppressed = Not shown: too few referrals to show the figures.
rst-note = A service with fewer than 5 referrals sent is listed without figures: small numbers can point at a household.
