-- Certificate expiry warnings (issue 17, Hub.Silo/Certificates/CertificateWarnings.cs): a 'certificate' notification event
-- per threshold of HUB_CERT_WARN_DAYS a website's certificate crosses, written with website_certificates.warned_days in one
-- transaction. The event has no incident; its payload carries the certificate.
ALTER TABLE notification_events DROP CONSTRAINT IF EXISTS notification_events_kind_check;
ALTER TABLE notification_events ADD CONSTRAINT notification_events_kind_check
    CHECK (kind IN ('opened', 'acknowledged', 'resolved', 'reminder', 'test', 'certificate'));

-- Policies may route it. A policy that routed every event there was (the default list) gets it too: its operator asked
-- to hear everything; a policy whose events were narrowed keeps exactly the events it names.
ALTER TABLE notification_policies DROP CONSTRAINT IF EXISTS notification_policies_events_check;
ALTER TABLE notification_policies ADD CONSTRAINT notification_policies_events_check
    CHECK (events <@ '{opened,acknowledged,resolved,reminder,certificate}'::text[]);
ALTER TABLE notification_policies ALTER COLUMN events SET DEFAULT '{opened,acknowledged,resolved,reminder,certificate}';

UPDATE notification_policies SET events = events || '{certificate}'::text[]
WHERE events @> '{opened,acknowledged,resolved,reminder}'::text[];

