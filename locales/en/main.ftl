# English. Every key must also exist in zh-CN/main.ftl.

service-name = Disability Services in One Go
skip-to-content = Skip to main content
nav-label = Account
nav-account = Your account
nav-sign-in = Sign in
nav-register = Create an account
nav-sign-out = Sign out
prefs-label = Language and display
switch-language = 中文
display-text-large = Large text
display-text-standard = Standard text
display-contrast-high = High contrast
display-contrast-standard = Standard contrast
footer-free = Disability certificates and the services that follow from them are free of charge.
footer-privacy = Disability information is sensitive personal information. We use it only to handle what you apply for, and every staff view of it is recorded.
back-to-account = Back to your account

## Session timeout
session-label = Sign-in status
session-timeout-notice = To protect your information, you will be signed out after { $minutes } minutes without activity. If you do nothing, this happens at { $time }.
session-extend = Stay signed in
session-warning-title = You are about to be signed out
session-warning-body = You have been inactive, so you will be signed out at { $time }. Choose “Stay signed in” to keep going; nothing you entered will be lost.

## Notices
notice-registered = Your account has been created and you are signed in.
notice-signed-out = You have signed out.
notice-session-expired = You were signed out because you were inactive for too long. Please sign in again.
notice-session-extended = You will stay signed in.
notice-signed-out-elsewhere = Your password was changed. Please sign in again.
notice-password-changed = Your password has been changed. You have been signed out on other devices.
notice-password-reset = Your password has been reset. Sign in with your new password.

## Errors in forms
error-summary-title = There is a problem
error-prefix = Error:
error-title-prefix = Error: 

## Error pages
error-go-home = Go to the home page
error-400-title = There is a problem with the request
error-400-body = We could not handle this request. Go back and try again.
error-403-title = This action could not be completed
error-403-body = The page has expired or you are not allowed to do this. Go back, reload the page and try again.
error-404-title = Page not found
error-404-body = If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.
error-405-title = This page cannot be used this way
error-405-body = This page does not accept this kind of request. Start again from the home page.
error-413-title = What you sent is too large
error-413-body = What you sent is larger than allowed. Make it smaller and try again.
error-429-title = Too many requests
error-429-body = Please try again later.
error-500-title = Sorry, there is a problem with the service
error-500-body = Try again later. What you have entered has been saved. If the problem continues, contact your county disabled persons' federation.

## Home
home-title = Home
home-heading = Disability certificate: one form, one visit
home-lead = Fill in one form and upload one set of documents to get your disability certificate and, at the same time, apply for the subsidies, insurance and employment help that come with it.
home-matters-heading = What you can do about a disability certificate
matter-new = Apply for a new disability certificate
matter-renewal = Renew a certificate (on expiry, when damaged, or to update details)
matter-migration = Move a certificate after your household registration moves
matter-replacement = Replace a lost certificate
matter-cancellation = Cancel a certificate
matter-change = Change the disability category or grade
home-linked-heading = Services you can apply for at the same time
home-linked-intro = Once you have a certificate, the services you qualify for go to the departments that handle them. You do not need to send your documents again:
service-living-subsidy = Living subsidy for people with disabilities in financial difficulty
service-nursing-subsidy = Nursing subsidy for people with severe disabilities
service-pension = Urban and rural residents' basic pension: registration and contribution support
service-medical-insurance = Urban and rural residents' basic medical insurance: registration
service-employment = Employment help (training registration, advice and job referrals)
service-business = Registering as an individual business
home-who-heading = Who can apply
home-who-body = People with disabilities can apply for themselves. A guardian applies for a child under 18 or for an adult with an intellectual or mental disability. People who find it hard to get about can ask a village or community helper to apply for them.
home-free = Everything is free. Your card can be posted to you or brought by your township or sub-district office — you never have to collect it in person.
home-register = Create an account
home-have-account = Already have an account?
home-go-account = Go to your account

## Fields
field-real-name = Full name
field-real-name-hint = As shown on your resident identity card
field-id-number = Resident identity card number
field-id-number-hint = 18 characters; the last one may be X
field-phone = Mobile phone number
field-phone-hint = 11 digits, for updates on your application
field-email = Email address
field-email-optional = Email address (optional)
field-email-hint = Used to reset your password and to send you updates. You can leave it blank.
field-password = Password
field-password-hint = At least 8 characters
field-password-confirm = Enter the password again
field-current-password = Current password
field-new-password = New password
field-identifier = Identity card number or mobile number
field-identifier-hint = The identity card number or mobile number you registered with

## Validation
register-name-empty = Enter your full name
register-name-length = Your name must be between 2 and 40 characters
register-name-characters = Your name can only contain letters, Chinese characters and the middle dot “·”
id-number-empty = Enter your resident identity card number
id-number-format = The identity card number must be 18 characters: 17 digits, then a digit or X
id-number-birth-date = The date of birth in the identity card number (characters 7 to 14) is not a real date
id-number-checksum = The identity card number is not right; check each character (the last character does not match)
id-number-future = The date of birth in the identity card number is after today; check the number
phone-empty = Enter your mobile phone number
phone-format = The mobile number must be 11 digits starting with 1
email-format = Enter an email address in the correct format, like name@example.cn
password-empty = Enter a password
password-too-short = The password must be at least 8 characters
password-too-long = The password must be 128 characters or fewer
password-mismatch = The passwords do not match
password-current-empty = Enter your current password
password-current-wrong = Your current password is not correct
register-id-taken = An account with this identity card number already exists. Sign in, or use “Forgot your password?”.
register-phone-taken = This mobile number is already used by another account
register-email-taken = This email address is already used by another account

## Register
register-title = Create an account
register-heading = Create an account
register-intro = Register with the real identity of the person with a disability or of their guardian. You can then apply for yourself or for the people you act for.
register-privacy = We protect your personal information as the law requires. Identity card and mobile numbers are only ever shown in part.
register-submit = Create account

## Login
login-title = Sign in
login-heading = Sign in
login-submit = Sign in
login-forgot = Forgot your password?
login-no-account = No account yet?
login-identifier-empty = Enter your identity card number or mobile number
login-password-empty = Enter your password
login-failed = The account or password is not correct
login-locked = Too many failed attempts. To protect the account, try again after { $time }.

## Account
account-title = Your account
account-heading = Your account
account-demo = Demo account: for trying the service only; the data is not real
account-details = Account details
account-no-email = Not given
account-roles = Roles
account-security = Account security
role-applicant = Applicant
role-helper = Village or community helper
role-county-clerk = County certificate clerk
role-doctor = Assessing doctor
role-hukou-clerk = Household-registration county clerk
role-department-officer = Department officer
role-admin = Administrator

## Password change and reset
password-change-title = Change your password
password-change-submit = Change password
forgot-title = Reset your password
forgot-heading = Reset your password
forgot-intro = Enter your identity card number or mobile number. If the account has an email address, we will send a link to reset your password to it.
forgot-submit = Send reset link
forgot-no-email = If you did not give an email address when you registered, take your identity card to your county disabled persons' federation or your township or sub-district service window to reset your password.
forgot-sent-title = Check your email
forgot-sent-heading = Check your email
forgot-sent-body = If this account has an email address, we have sent it a link to reset your password. The link works for 30 minutes and only once.
reset-title = Set a new password
reset-heading = Set a new password
reset-submit = Save new password
reset-invalid-title = This link no longer works
reset-invalid-body = This password reset link has expired or has already been used.
reset-invalid-again = Get a new link
reset-mail-subject = Reset your password – Disability Services in One Go
reset-mail-body =
    Dear { $name },

    We received a request to reset the password of your account. Open this link within { $minutes } minutes to set a new password (it works only once):

    { $link }

    If you did not ask for this, ignore this email; your password will not change.

    Disability Services in One Go

## Service guide (办事指南)
nav-guide = Service guide
guide-title = Service guide
guide-heading = Service guide: disability services in one go
guide-for-province = Applies to: { $province }
guide-national = All of China (national cross-province rules)
guide-fell-back = This province has no rules of its own here, so the national cross-province rules for disability certificates apply.
guide-province-label = Province where you usually live
guide-province-hint = Time limits and the services you can apply for together follow the rules of where you usually live
guide-province-none = Not chosen (national rules)
guide-province-submit = Show the guide for this province
guide-assessment-new = You are assessed at a designated institution
guide-assessment-renewal = On expiry: certificates issued before 2018 by visual inspection need a new assessment; a damaged card or a change of details needs none
guide-assessment-migration = Certificates issued before 2018 by visual inspection are reassessed after the move; otherwise no assessment
guide-assessment-replacement = No assessment; the old card stops being valid
guide-assessment-cancellation = No assessment; you can cancel the whole certificate or some categories
guide-assessment-change = A new assessment; the same steps as a new certificate
guide-no-linked = Here, the certificate is not handled together with other services. Once you have it, you can apply to each department for subsidies and insurance.
guide-limits-heading = Time limits
guide-limits-intro = Time limits are counted in working days: weekends and public holidays do not count, adjusted working weekends do. Waiting for your assessment and time you take to correct your application do not count.
guide-limits-caption = Time limits for each step in { $province }
guide-col-step = Step
guide-col-limit = Time limit
guide-col-from = Counted from
guide-col-source = Source
guide-publication = When an adult meets the standard, the result is published by the county disabled persons' federation (names and ID numbers partly hidden). Children and people who do not meet the standard are told by text message instead, and nothing is published.
guide-commitment = Here a signed commitment replaces the public announcement of results.
guide-objection = If you disagree with the result, you can ask for a review within 10 working days of the announcement or of the message telling you.
guide-fees-heading = Fees
guide-materials-heading = What you need to provide
guide-materials-intro = Choose what you want to apply for and we will list every document you need, all at once. Documents the government already holds are not asked for again.
guide-q-matter = What do you want to do about a disability certificate?
guide-matter-none = Nothing: only apply for other services (I already hold a valid certificate)
guide-q-services = Which services do you want to apply for at the same time?
guide-q-applying = Who is applying?
guide-applying-self = The person with a disability
guide-applying-guardian = A guardian, for them
guide-applying-helper = A village or community helper, for them
guide-q-facts = Do any of these apply?
guide-fact-minor = The person is under 18
guide-fact-guardian-category = The application is for an intellectual or mental disability
guide-fact-cross-region = The person usually lives in a different county from their household registration
guide-materials-submit = Show what I need
guide-materials-caption = What you need
guide-col-material = Document
guide-col-how = How to provide it
guide-col-why = Why it is needed
guide-exempt = Not needed again
home-guide = Read the service guide and document list first

linked-living-subsidy = Living subsidy for people with disabilities in financial difficulty
linked-nursing-subsidy = Nursing subsidy for people with severe disabilities
linked-resident-pension = Residents' basic pension: registration
linked-resident-medical-insurance = Residents' basic medical insurance: registration
linked-employment-training = Employment training registration
linked-employment-referral = Employment advice and job referral
linked-individual-business = Individual business registration

step-acceptance-review = Review of the application
step-assessment = Disability assessment
step-conclusion-upload = Recording the assessment result
step-publish-or-notify = Announcement or notice of the result
step-objection-window = Time to disagree
step-issue = Issuing the certificate
step-hukou-approval = Approval and printing by the household-registration county
step-non-assessment-matter = Matters without assessment (replacement, damaged card, cancellation …)
step-subsidy-review = Review of the two subsidies
step-employment-contact = First contact for employment help
step-card-delivery = Delivery of the card
limit-same-day = The same day
limit-working-days = { $days } working days
limit-calendar-days = { $days } days
from-submitted = The day the complete application is submitted
from-institution-designated = The day you are told where to be assessed
from-assessed = The day of the assessment
from-conclusion-recorded = The day the result is received
from-published-or-notified = The day the announcement starts or you are told
from-passed-to-hukou-county = The day the household-registration county receives the case
from-certificate-issued = The day the certificate is issued

material-application-form = The application form
material-id-card = Resident identity card (both sides)
material-hukou-book = Household register (hukou book)
material-residence-permit = Proof of residence
material-photo = A recent 2-inch colour photo on a white background
material-migration-proof = Household-registration transfer certificate or new hukou book
material-cancellation-statement = Statement asking to cancel the certificate
material-guardian-id = The guardian's identity card
material-guardian-relation-proof = Proof of guardianship (for example the hukou book)
material-agent-id = The helper's identity card
material-helper-authorization = Signed authorization from the person
material-bank-card = Bank card details
material-old-certificate = The old disability certificate (handed in)
material-dibao-proof = Proof of minimum living support (dibao)
material-assessment-result = The assessment result
provision-upload = Upload a photo or scan
provision-online = Fill in online
provision-institution = Sent by the assessing institution; nothing for you to do
provision-handed-in = Hand in (or post) the original
provision-shared = Taken from shared government data
because-always = Every application
because-minor = Under 18
because-guardian-category = Intellectual or mental disability
because-guardian-applying = A guardian is applying
because-helper-applying = A helper is applying
because-cross-region = Lives away from the household-registration county

## People I act for
account-acting-for = Acting for others
people-title = People you act for
people-heading = People you act for
people-intro = As a guardian or a helper you can keep here the people you apply for. Each needs proof of the relationship or the person's signed authorization.
people-empty = You have not added anyone yet.
people-col-kind = You act as
people-col-relationship = Relationship to you
people-col-proof = Proof
people-kind-guardian = Guardian
people-kind-helper = Helper
people-person-title = Person you act for
people-add-title = Add a person you act for
people-add-submit = Add
people-back = Back to the people you act for
people-kind-question = How do you act for this person?
people-kind-hint = Children under 18 and people with an intellectual or mental disability apply through a guardian.
people-kind-guardian-label = I am their guardian
people-kind-helper-label = I am a village or community helper with their signed authorization
people-kind-missing = Choose how you act for this person
people-name-label = Their full name
people-id-label = Their resident identity card number
people-name-empty = Enter the person's full name
people-id-empty = Enter the person's resident identity card number
people-is-you = This is your own identity card number. To apply for yourself you do not need to add anyone.
people-already-added = This person is already on your list
people-relationship-label = Relationship to you
people-relationship-hint = Choose from the national family-relationship codes; helpers can choose “99 非亲属” (not related)
people-relationship-choose = Choose
people-relationship-missing = Choose the relationship to you
people-proof-label = Proof
people-proof-hint = Guardians upload proof of guardianship (for example the hukou book); helpers upload the person's signed authorization. JPG, PNG or PDF, up to 10 MB.
people-proof-missing = Choose the proof to upload
people-choose-file-again = For your security, choose the file again after an error.
people-remove = Remove { $name } from the list
notice-person-added = Added.
notice-person-removed = Removed from the list.
upload-progress-label = Upload progress
upload-progress = Uploaded {"{"}percent{"}"}%
upload-empty = The chosen file is empty
upload-too-large = The file must be 10 MB or smaller
upload-wrong-type = The file must be a JPG, PNG or PDF

## Inbox
nav-inbox = Messages
nav-inbox-unread = Messages ({ $count } unread)
inbox-title = Messages
inbox-heading = Messages
inbox-empty = You have no messages yet.
inbox-col-subject = Subject
inbox-col-sent = Sent
inbox-unread = Unread
inbox-older = Older messages
inbox-sent-at = Sent { $time }
inbox-back = Back to your messages
inbox-registered-subject = Welcome to Disability Services in One Go
inbox-registered-body =
    Dear { $name }, your account was created on { $time }.

    You can start by reading the service guide to see which documents you need. Updates on your applications will arrive here.
inbox-password-changed-subject = Your password was changed
inbox-password-changed-body =
    Dear { $name }, the password of your account was changed on { $time }, and you were signed out on other devices.

    If this was not you, reset your password now with “Forgot your password?” and contact your county disabled persons' federation.
inbox-password-reset-subject = Your password was reset
inbox-password-reset-body =
    Dear { $name }, the password of your account was reset through an emailed link on { $time }.

    If this was not you, reset it again now and contact your county disabled persons' federation.

## Rules at entry
entry-guardian-minor = A child under 18 must apply through a guardian. Ask the guardian to sign in, add the child under “People you act for” and apply.
entry-guardian-category = An application for an intellectual or mental disability is made by a guardian. Ask the guardian to sign in and apply.
entry-already-valid = You already hold a valid disability certificate, so you cannot apply for a new one. If your disability has changed, apply for a category or grade change; if your certificate is about to expire, apply to renew it.
entry-cancelled-recently = A certificate cancelled less than a year ago blocks a new application. You can apply again from { $date }.
entry-renewal-not-open = Renewal on expiry opens 9 years after the certificate was issued. You can apply from { $date }.
entry-needs-certificate = This needs a disability certificate. If you do not have one yet, choose “Apply for a new disability certificate”.
entry-services-need-certificate = These services need a valid disability certificate, or an application for one in this same form.
