import { Migration } from '@mikro-orm/migrations';

export class Migration20261125142620 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "alert_events" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "organization_id" uuid not null, "external_event_id" text not null, "alert_type" text check ("alert_type" in ('disk-encryption-key-decrypted', 'user-admin-access-granted', 'user-lockout', 'user-password-expired')) not null, "source" text check ("source" in ('api', 'jumpcloud-directory-insights')) not null, "subject" text not null, "details" jsonb not null, "occurred_at" timestamptz not null, "status" text check ("status" in ('pending', 'ticketed', 'not-ticketed', 'failed')) not null default 'pending', "not_ticketed_reason" text check ("not_ticketed_reason" in ('integration-not-configured', 'automated-ticketing-off', 'alert-type-off', 'organization-not-mapped', 'integration-disabled')) null, "error" text null, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "claimed_until" timestamptz null, "ticket_requested_at" timestamptz null, "ticket_id" int null, "ticket_company_id" int null, "ticketed_at" timestamptz null, "updated_at" timestamptz not null, constraint "alert_events_pkey" primary key ("id"));`);
    this.addSql(`create index "alert_events_status_next_attempt_at_index" on "alert_events" ("status", "next_attempt_at");`);
    this.addSql(`create index "alert_events_organization_id_created_at_index" on "alert_events" ("organization_id", "created_at");`);
    this.addSql(`create index "alert_events_provider_id_status_created_at_index" on "alert_events" ("provider_id", "status", "created_at");`);
    this.addSql(`create index "alert_events_provider_id_created_at_index" on "alert_events" ("provider_id", "created_at");`);
    this.addSql(`alter table "alert_events" add constraint "alert_events_provider_id_external_event_id_unique" unique ("provider_id", "external_event_id");`);

    this.addSql(`create table "alert_settings" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "alert_type" text check ("alert_type" in ('disk-encryption-key-decrypted', 'user-admin-access-granted', 'user-lockout', 'user-password-expired')) not null, "create_tickets" boolean not null default false, "priority_id" int null, "priority_name" text null, "source_id" int null, "source_name" text null, "due_days" int not null default 1, "recurrence" text check ("recurrence" in ('one-ticket-per-event')) not null default 'one-ticket-per-event', "updated_by_id" uuid null, "updated_at" timestamptz not null, constraint "alert_settings_pkey" primary key ("id"));`);
    this.addSql(`alter table "alert_settings" add constraint "alert_settings_provider_id_alert_type_unique" unique ("provider_id", "alert_type");`);

    this.addSql(`create table "ticketing_settings" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "automated_ticketing" boolean not null default false, "updated_by_id" uuid null, "updated_at" timestamptz not null, constraint "ticketing_settings_pkey" primary key ("id"));`);
    this.addSql(`alter table "ticketing_settings" add constraint "ticketing_settings_provider_id_unique" unique ("provider_id");`);

    this.addSql(`alter table "alert_events" add constraint "alert_events_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "alert_events" add constraint "alert_events_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "alert_settings" add constraint "alert_settings_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "alert_settings" add constraint "alert_settings_updated_by_id_foreign" foreign key ("updated_by_id") references "admins" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "ticketing_settings" add constraint "ticketing_settings_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "ticketing_settings" add constraint "ticketing_settings_updated_by_id_foreign" foreign key ("updated_by_id") references "admins" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "alert_events" cascade;`);

    this.addSql(`drop table if exists "alert_settings" cascade;`);

    this.addSql(`drop table if exists "ticketing_settings" cascade;`);
  }

}
