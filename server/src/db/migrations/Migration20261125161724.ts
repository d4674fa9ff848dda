import { Migration } from '@mikro-orm/migrations';

export class Migration20261125161724 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "jumpcloud_alert_cursors" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "organization_id" uuid not null, "start_time" timestamptz not null, "search_after" jsonb null, "updated_at" timestamptz not null, constraint "jumpcloud_alert_cursors_pkey" primary key ("id"));`);
    this.addSql(`alter table "jumpcloud_alert_cursors" add constraint "jumpcloud_alert_cursors_provider_id_organization_id_unique" unique ("provider_id", "organization_id");`);

    this.addSql(`alter table "jumpcloud_alert_cursors" add constraint "jumpcloud_alert_cursors_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "jumpcloud_alert_cursors" add constraint "jumpcloud_alert_cursors_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "jumpcloud_connections" add column "alerts_polled_at" timestamptz null, add column "alerts_error" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jumpcloud_alert_cursors" cascade;`);

    this.addSql(`alter table "jumpcloud_connections" drop column "alerts_polled_at", drop column "alerts_error";`);
  }

}
