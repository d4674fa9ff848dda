import { Migration } from '@mikro-orm/migrations';

export class Migration20261205052354 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "incidents" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "organization_id" uuid not null, "alert_type" text check ("alert_type" in ('disk-encryption-key-decrypted', 'user-admin-access-granted', 'user-lockout', 'user-password-expired')) not null, "subject" text not null, "subject_key" text not null, "recurrence" text check ("recurrence" in ('one-ticket-per-event', 'note-on-open-ticket')) not null, "window_hours" int not null, "state" text check ("state" in ('open', 'resolved', 'ended')) not null default 'open', "ended_reason" text check ("ended_reason" in ('ticket-closed', 'ticket-deleted', 'ticket-merged', 'window-expired', 'no-ticket', 'integration-disabled')) null, "opener_event_id" uuid not null, "ticket_id" int null, "ticket_company_id" int null, "ticketed_at" timestamptz null, "first_event_at" timestamptz not null, "last_event_at" timestamptz not null, "event_count" int not null default 1, "notes_added" int not null default 0, "last_note_at" timestamptz null, "resolution_event_id" uuid null, "resolved_at" timestamptz null, "closed_at" timestamptz null, "closed_status_id" int null, "error" text null, "next_work_at" timestamptz null, "write_failures" int not null default 0, "claimed_until" timestamptz null, "pending_write" jsonb null, "updated_at" timestamptz not null, constraint "incidents_pkey" primary key ("id"));`);
    this.addSql(`create index "incidents_provider_id_next_work_at_index" on "incidents" ("provider_id", "next_work_at");`);
    this.addSql(`create index "incidents_provider_id_organization_id_alert_type_s_4dafc_index" on "incidents" ("provider_id", "organization_id", "alert_type", "subject_key", "state");`);
    this.addSql(`create index "incidents_provider_id_created_at_index" on "incidents" ("provider_id", "created_at");`);

    this.addSql(`create table "incident_activities" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "incident_id" uuid not null, "kind" text check ("kind" in ('ticket-opened', 'note-added', 'resolution-note-added', 'ticket-closed', 'close-refused', 'ticket-gone', 'window-expired')) not null, "at" timestamptz not null, "ticket_id" int null, "note_id" int null, "status_id" int null, "event_count" int not null default 0, "message" text null, constraint "incident_activities_pkey" primary key ("id"));`);
    this.addSql(`create index "incident_activities_incident_id_at_index" on "incident_activities" ("incident_id", "at");`);

    this.addSql(`alter table "incidents" add constraint "incidents_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "incidents" add constraint "incidents_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "incident_activities" add constraint "incident_activities_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "incident_activities" add constraint "incident_activities_incident_id_foreign" foreign key ("incident_id") references "incidents" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "alert_events" drop constraint if exists "alert_events_status_check";`);

    this.addSql(`alter table "alert_settings" drop constraint if exists "alert_settings_recurrence_check";`);

    this.addSql(`alter table "alert_events" add column "incident_id" uuid null, add column "note_id" int null;`);
    this.addSql(`alter table "alert_events" add constraint "alert_events_incident_id_foreign" foreign key ("incident_id") references "incidents" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "alert_events" add constraint "alert_events_status_check" check("status" in ('pending', 'ticketed', 'not-ticketed', 'failed', 'recorded', 'note-pending', 'noted'));`);
    this.addSql(`create index "alert_events_incident_id_status_index" on "alert_events" ("incident_id", "status");`);

    this.addSql(`alter table "alert_settings" add column "recurrence_window_hours" int not null default 24, add column "close_on_resolve" boolean not null default false, add column "board_id" int null, add column "board_name" text null, add column "status_id" int null, add column "status_name" text null, add column "type_id" int null, add column "type_name" text null, add column "sub_type_id" int null, add column "sub_type_name" text null, add column "item_id" int null, add column "item_name" text null, add column "closed_status_id" int null, add column "closed_status_name" text null;`);
    this.addSql(`alter table "alert_settings" alter column "recurrence" type text using ("recurrence"::text);`);
    this.addSql(`alter table "alert_settings" alter column "recurrence" set default 'note-on-open-ticket';`);
    this.addSql(`alter table "alert_settings" add constraint "alert_settings_recurrence_check" check("recurrence" in ('one-ticket-per-event', 'note-on-open-ticket'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incident_activities" drop constraint "incident_activities_incident_id_foreign";`);

    this.addSql(`alter table "alert_events" drop constraint "alert_events_incident_id_foreign";`);

    this.addSql(`drop table if exists "incidents" cascade;`);

    this.addSql(`drop table if exists "incident_activities" cascade;`);

    this.addSql(`alter table "alert_events" drop constraint if exists "alert_events_status_check";`);

    this.addSql(`alter table "alert_settings" drop constraint if exists "alert_settings_recurrence_check";`);

    this.addSql(`drop index "alert_events_incident_id_status_index";`);
    this.addSql(`alter table "alert_events" drop column "incident_id", drop column "note_id";`);

    this.addSql(`alter table "alert_events" add constraint "alert_events_status_check" check("status" in ('pending', 'ticketed', 'not-ticketed', 'failed', 'recorded'));`);

    this.addSql(`alter table "alert_settings" drop column "recurrence_window_hours", drop column "close_on_resolve", drop column "board_id", drop column "board_name", drop column "status_id", drop column "status_name", drop column "type_id", drop column "type_name", drop column "sub_type_id", drop column "sub_type_name", drop column "item_id", drop column "item_name", drop column "closed_status_id", drop column "closed_status_name";`);

    this.addSql(`alter table "alert_settings" alter column "recurrence" type text using ("recurrence"::text);`);
    this.addSql(`alter table "alert_settings" alter column "recurrence" set default 'one-ticket-per-event';`);
    this.addSql(`alter table "alert_settings" add constraint "alert_settings_recurrence_check" check("recurrence" in ('one-ticket-per-event'));`);
  }

}
