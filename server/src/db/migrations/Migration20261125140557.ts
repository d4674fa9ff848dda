import { Migration } from '@mikro-orm/migrations';

export class Migration20261125140557 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "organizations" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "external_id" text not null, "name" text not null, "cost_per_seat_decimal" numeric(12,4) not null default '0', "active" boolean not null default true, "current_user_count" int null, "current_user_count_observed_at" timestamptz null, "updated_at" timestamptz not null, constraint "organizations_pkey" primary key ("id"));`);
    this.addSql(`create index "organizations_provider_id_name_index" on "organizations" ("provider_id", "name");`);
    this.addSql(`alter table "organizations" add constraint "organizations_provider_id_external_id_unique" unique ("provider_id", "external_id");`);

    this.addSql(`create table "monthly_watermarks" ("organization_id" uuid not null, "month" date not null, "provider_id" uuid not null, "high_watermark" int not null, "synced_quantity" int null, "synced_at" timestamptz null, "updated_at" timestamptz not null default now(), constraint "monthly_watermarks_pkey" primary key ("organization_id", "month"));`);
    this.addSql(`create index "monthly_watermarks_provider_id_month_index" on "monthly_watermarks" ("provider_id", "month");`);

    this.addSql(`create table "usage_samples" ("id" bigserial primary key, "provider_id" uuid not null, "organization_id" uuid not null, "count" int not null, "observed_at" timestamptz not null, "month" date not null, "recorded_at" timestamptz not null default now(), "after_sync" boolean not null default false);`);
    this.addSql(`create index "usage_samples_organization_id_observed_at_index" on "usage_samples" ("organization_id", "observed_at");`);

    this.addSql(`alter table "organizations" add constraint "organizations_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "monthly_watermarks" add constraint "monthly_watermarks_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "monthly_watermarks" add constraint "monthly_watermarks_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "usage_samples" add constraint "usage_samples_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "usage_samples" add constraint "usage_samples_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "monthly_watermarks" drop constraint "monthly_watermarks_organization_id_foreign";`);

    this.addSql(`alter table "usage_samples" drop constraint "usage_samples_organization_id_foreign";`);

    this.addSql(`drop table if exists "organizations" cascade;`);

    this.addSql(`drop table if exists "monthly_watermarks" cascade;`);

    this.addSql(`drop table if exists "usage_samples" cascade;`);
  }

}
