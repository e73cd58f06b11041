# Inviting a household member to the portal (issue 9): what the worker reads.
invite-title = Invite to My plan
invite-heading = My plan
invite-heading-for = Invite { $name } to My plan
invite-intro = In My plan this member sees the plan, the agreements and who looked at the file. Make an invitation: you get a link that works once and is valid for 14 days. Give the link to the member yourself, for example on paper or by text message.
invite-submit = Make invitation
invite-has-account = This member has a My plan account (username { $username }).
invite-made = The invitation has been made. Give this link to the member. You see the link only once.
invite-how = With the link the member chooses a username and password. At the first login the member sets up two-step verification. If the link no longer works, make a new invitation.
invite-refused-no-birth-date = This member's date of birth is not known. Fill it in first: only members aged 16 and over can get an account.
invite-refused-too-young = This member is { $age } years old. Members can get their own account from the age of 16.
invite-refused-has-account = This member already has a My plan account.
member-edit-back-member = Back to the member
