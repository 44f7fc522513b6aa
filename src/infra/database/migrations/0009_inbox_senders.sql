-- The smart inbox counts each sender's messages in the last hour (a flooding sender's go to triage).
CREATE INDEX inbox_messages_sender ON inbox_messages (lower(mail_from), received_at) WHERE mail_from IS NOT NULL;
