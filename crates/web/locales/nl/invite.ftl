# Inviting a household member to the portal (issue 9): what the worker reads.
invite-title = Uitnodigen voor Mijn plan
invite-heading = Mijn plan
invite-heading-for = { $name } uitnodigen voor Mijn plan
invite-intro = In Mijn plan ziet dit lid het plan, de afspraken en wie het dossier heeft bekeken. Maak een uitnodiging: je krijgt een link die één keer werkt en 14 dagen geldig is. Geef de link zelf aan het lid, bijvoorbeeld op papier of per sms.
invite-submit = Uitnodiging maken
invite-has-account = Dit lid heeft een account voor Mijn plan (gebruikersnaam { $username }).
invite-made = De uitnodiging is gemaakt. Geef deze link aan het lid. Je ziet de link maar één keer.
invite-how = Met de link kiest het lid een gebruikersnaam en wachtwoord. Bij de eerste keer inloggen stelt het lid de tweestapsverificatie in. Werkt de link niet meer, maak dan een nieuwe uitnodiging.
invite-refused-no-birth-date = Van dit lid is geen geboortedatum bekend. Vul die eerst in: alleen leden van 16 jaar en ouder kunnen een account krijgen.
invite-refused-too-young = Dit lid is { $age } jaar. Leden kunnen vanaf 16 jaar een eigen account krijgen.
invite-refused-has-account = Dit lid heeft al een account voor Mijn plan.
member-edit-back-member = Terug naar het lid
