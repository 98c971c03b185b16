-- The audit log is append-only: history cannot be rewritten, not even by Apiary's own database role.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
-- The plan every tenant starts on. Quotas are data, so billing can add plans and move tenants between them.
INSERT INTO plans (name, requests_cpu_millicores, requests_memory_mib, limits_cpu_millicores, limits_memory_mib, pods)
VALUES ('free', 2000, 4096, 4000, 8192, 10)
ON CONFLICT (name) DO NOTHING;
