import { Migration } from '@mikro-orm/migrations';

export class Migration20261125142713 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "jumpcloud_connections" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "jump_cloud_provider_id" text not null, "api_key_sealed" text not null, "api_key_last4" text not null, "base_url" text null, "insights_base_url" text null, "excluded_user_states" text[] not null, "poll_interval_minutes" int not null default 60, "status" text check ("status" in ('connected', 'failing')) not null default 'connected', "last_polled_at" timestamptz null, "last_error" text null, "last_result_data" jsonb null, "poll_locked_until" timestamptz null, "created_by_id" uuid null, "updated_by_id" uuid null, "updated_at" timestamptz not null, constraint "jumpcloud_connections_pkey" primary key ("id"));`);
    this.addSql(`alter table "jumpcloud_connections" add constraint "jumpcloud_connections_provider_id_unique" unique ("provider_id");`);

    this.addSql(`alter table "jumpcloud_connections" add constraint "jumpcloud_connections_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "jumpcloud_connections" add constraint "jumpcloud_connections_created_by_id_foreign" foreign key ("created_by_id") references "admins" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "jumpcloud_connections" add constraint "jumpcloud_connections_updated_by_id_foreign" foreign key ("updated_by_id") references "admins" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jumpcloud_connections" cascade;`);
  }

}
