import { Migration } from '@mikro-orm/migrations';

export class Migration20261204170502 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "alert_events" drop constraint if exists "alert_events_status_check";`);

    this.addSql(`alter table "jumpcloud_alert_cursors" drop column "search_after";`);

    this.addSql(`alter table "jumpcloud_alert_cursors" add column "seen_event_ids" jsonb not null default '[]';`);

    this.addSql(`alter table "alert_events" add column "kind" text check ("kind" in ('alert', 'resolution')) not null default 'alert';`);
    this.addSql(`alter table "alert_events" add constraint "alert_events_status_check" check("status" in ('pending', 'ticketed', 'not-ticketed', 'failed', 'recorded'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "alert_events" drop constraint if exists "alert_events_status_check";`);

    // Resolution events have no place in the older schema.
    this.addSql(`delete from "alert_events" where "kind" = 'resolution';`);
    this.addSql(`alter table "alert_events" drop column "kind";`);

    this.addSql(`alter table "alert_events" add constraint "alert_events_status_check" check("status" in ('pending', 'ticketed', 'not-ticketed', 'failed'));`);

    this.addSql(`alter table "jumpcloud_alert_cursors" drop column "seen_event_ids";`);

    this.addSql(`alter table "jumpcloud_alert_cursors" add column "search_after" jsonb null;`);
  }

}
