# "Who looked at my file?" (/portaal/inzage, issue 9): who looked at a household's file, from the
# audit log. Plain English: short sentences, everyday words.
portal-log-link = Who looked at my file?
portal-log-title = Who looked at my file?
portal-log-intro = Here you see who looked at or changed your details. You also see why. The newest is at the top.
portal-log-not-you = What you looked at yourself is not listed. What is only about another member of your household is not listed either.
portal-log-empty = Nobody else has looked at your file yet.
portal-log-no-older = There is nothing older than this.
portal-log-caption = Who looked at your file? The newest is at the top.
portal-log-col-when = When
portal-log-col-who = Who
portal-log-col-what = What
portal-log-col-why = Why
# "viewed" + "your file"
portal-log-did = { $action } { $what }
portal-log-times = Times are in world time (UTC). In the Netherlands it is 1 hour later. In summer it is 2 hours later.
portal-log-older = Older
portal-log-questions = Do you have a question about this list? Or is something wrong? Ask your contact person. You can also ask the municipality's privacy officer to explain.
portal-log-back = Back to My plan
portal-log-not-linked = Your account is not linked to your file yet.
portal-log-not-linked-help = That is why we cannot show anything here yet. Ask your contact person to link your account.
portal-log-break-glass = Emergency access.
portal-log-break-glass-explained = This person is not part of your own team. It was urgent. That is why it was allowed.
portal-log-break-glass-reason = The reason: { $reason }

# Who: the role in plain words; "-org" when the organisation is known.
portal-log-role-worker = worker of the neighbourhood team
portal-log-role-team_lead = team leader
portal-log-role-mdt_member = worker of the MDT
portal-log-role-mdt_member-org = worker of { $org } (MDT)
portal-log-role-partner = worker of an organisation that helps you
portal-log-role-partner-org = worker of { $org }
portal-log-role-signal_sender = an organisation that reports payment arrears
portal-log-role-signal_sender-org = { $org } (reports payment arrears)
portal-log-role-policy = municipal employee
portal-log-role-privacy_officer = privacy officer of the municipality
portal-log-role-admin = system administrator
portal-log-role-household_member = someone from your household
portal-log-role-other = an employee

# What: the part of the file.
portal-log-what-household = your file
portal-log-what-member = your details
portal-log-what-lid = the members of your household
portal-log-what-contact = a conversation or contact
portal-log-what-betrokkene = the care workers around you
portal-log-what-netwerk = your network (family, friends, neighbours)
portal-log-what-contactpersoon = your contact person
portal-log-what-team = the team that helps you
portal-log-what-status = the status of your file
portal-log-what-adres = your address
portal-log-what-intake = your registration
portal-log-what-assessment = the life domains
portal-log-what-plan = the plan
portal-log-what-plan_afspraken = the agreements in the plan
portal-log-what-plan_agreement = the agreements in the plan
portal-log-what-plan_pdf = the plan as a PDF
portal-log-what-screening = the questions about money
portal-log-what-referral = a referral
portal-log-what-consult = a question to an organisation
portal-log-what-exception_request = a request for a tailored solution
portal-log-what-bottleneck_tag = a problem with rules
portal-log-what-timeline = the timeline of your file
portal-log-what-melding = a report about payment arrears

# What they did.
portal-log-action-list = viewed
portal-log-action-read = viewed
portal-log-action-create = added
portal-log-action-update = changed
portal-log-action-delete = removed
portal-log-action-other = used

# Why: the purpose in plain words.
portal-log-why-support = to help you (legal task of the neighbourhood team)
portal-log-why-mdt_decision = for a decision on a tailored solution, with your consent
portal-log-why-referral = to refer you to other help, with your consent
portal-log-why-early_signal = there was a report that you are behind with payments
portal-log-why-self_access = to look at the file themselves
portal-log-why-supervision = to see whether everyone handles your details properly
portal-log-why-administration = to manage the system
portal-log-why-other = for work on your file
