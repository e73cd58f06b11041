# Eenplan — English texts (second language).
app-name = Eenplan
skip-to-content = Skip to content
nav-main = Main menu
nav-home = Home
nav-account = My account
nav-admin = Administration
nav-audit = Audit log
nav-portal = My plan
logout = Log out
logged-in-as = Logged in as { $name }
other-language = Nederlands
footer-text = Eenplan — one household, one plan, one contact person.

role-worker = neighbourhood team worker
role-team_lead = team lead
role-mdt_member = MDT member
role-partner = partner organisation
role-signal_sender = signal sender
role-policy = policy advisor
role-privacy_officer = privacy officer
role-admin = administrator
role-household_member = household member

team-kind-social = social team (Wmo)
team-kind-youth_family = youth and family team
team-kind-integrated = integrated team

login-title = Log in
login-intro = Log in with your username and password.
login-username = Username
login-password = Password
login-submit = Log in
login-error-invalid = Your username or password is not right. Check them and try again.
login-error-locked = This account is locked for a while after too many failed attempts. Try again in 15 minutes.
login-error-throttled = Too many login attempts from this address. Wait a few minutes and try again.
login-error-required = Fill in your username and password.
login-error-no-ui = This account only uses the API and cannot log in.
login-session-expired = Your session has expired. Please log in again.
login-logged-out = You are logged out.

totp-title = Login code
totp-intro = Type the 6-digit code from your authenticator app.
totp-code = 6-digit code
totp-submit = Confirm
totp-error-invalid = This code is not right or was already used. Type the new code from your app.

enrol-title = Set up two-step verification
enrol-required = Your role requires two-step verification. Set it up now to continue.
enrol-intro = Add Eenplan to your authenticator app with the key below. Then type the code the app shows.
enrol-qr = QR code to scan with your authenticator app
enrol-secret = Key
enrol-uri = Link for the app
enrol-submit = Confirm code
enrol-done = Two-step verification is on.
enrol-error = This code is not right. Check that the time on your phone is correct and try again.

account-title = My account
account-password-title = Change password
account-current = Current password
account-new = New password (at least 12 characters)
account-repeat = New password again
account-submit = Save password
account-password-changed = Your password has been changed. Other sessions have been logged out.
account-totp-title = Two-step verification
account-totp-on = Two-step verification is on.
account-totp-off = Two-step verification is off.
account-totp-setup = Set up two-step verification
err-password-current = Your current password is not right.
err-password-too-short = Choose a password of at least 12 characters.
err-password-contains-username = Your password must not contain your username.
err-password-mismatch = The two new passwords are not the same.

home-title = Home
home-welcome = Welcome, { $name }.
home-role = You are working as { $role }.
caseload-title = My households
caseload-intro = Here you see the households you are the contact person for, and what needs attention.
caseload-empty = You have no households yet.
caseload-teams = Your teams
home-mdt = Here you see the requests shared with your organisation, with the household's consent.
home-partner = Here you see the referrals to your organisation.
home-policy = Here you see patterns in anonymised figures. You never see data of a single household.
home-nothing-yet = Nothing is waiting yet.

admin-title = Administration
admin-intro = Teams, their areas and the users. As an administrator you do not see case files.
admin-teams = Teams
admin-team-name = Name
admin-team-kind = Kind
admin-team-area = Area (postcodes)
admin-users = Number of users

audit-title = Audit log
audit-intro = Every time someone views or changes data, it is recorded here. The log cannot be changed.
audit-verify-ok = The log's chain is intact ({ $count } records checked).
audit-verify-bad = The log is damaged: { $detail }
audit-filter-household = Household (id)
audit-filter-break-glass = Emergency access only
audit-filter-submit = Filter
audit-col-seq = No.
audit-col-at = Time (UTC)
audit-col-who = Who
audit-col-role = Role
audit-col-what = What
audit-col-purpose = Purpose
audit-col-outcome = Outcome
audit-col-reason = Reason
audit-outcome-allowed = allowed
audit-outcome-denied = denied
audit-break-glass = emergency access
audit-empty = No records found.
audit-older = Older records

portal-title = My plan
portal-welcome = Welcome, { $name }.
portal-intro = Here you will see your plan, your agreements and who looked at your file.

error-title = Something went wrong
error-back = Back to the home page
error-400 = This request is not right. Check what you filled in and try again.
error-403 = You do not have access to this page.
error-404 = This page does not exist.
error-405 = This action is not possible here.
error-413 = What you sent is too large.
error-csrf = The form has expired or did not come from Eenplan. Reload the page and try again.
error-500 = Something went wrong on our side. Try again later. If it keeps happening, contact the administrator.

problem-unauthorized = Not authenticated: send a valid API key as a Bearer token.
problem-malformed-key = The API key is not in the right form.
problem-forbidden = No access for this role.
problem-not-found = Not found.
problem-validation = The input is not valid.
problem-internal = Internal error.
