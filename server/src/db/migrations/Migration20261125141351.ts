import { Migration } from '@mikro-orm/migrations';

export class Migration20261125141351 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "mappings" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "organization_id" uuid not null, "company_id" int not null, "company_name" text not null, "agreement_id" int not null, "agreement_name" text not null, "addition_id" int not null, "addition_name" text not null, "last_synced_at" timestamptz null, "last_sync_status" text null, "last_error" text null, "needs_attention" boolean not null default false, "updated_at" timestamptz not null, constraint "mappings_pkey" primary key ("id"));`);
    this.addSql(`alter table "mappings" add constraint "mappings_organization_id_unique" unique ("organization_id");`);
    this.addSql(`alter table "mappings" add constraint "mappings_provider_id_addition_id_unique" unique ("provider_id", "addition_id");`);

    this.addSql(`create table "connectwise_integrations" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "site" text not null, "company_id" text not null, "codebase" text not null, "public_key_sealed" text not null, "private_key_sealed" text not null, "public_key_last4" text not null, "status" text check ("status" in ('connected', 'failing')) not null default 'connected', "last_error" text null, "last_verified_at" timestamptz not null, "billable_company_type_ids" text[] null, "created_by_id" uuid null, "updated_by_id" uuid null, "updated_at" timestamptz not null, constraint "connectwise_integrations_pkey" primary key ("id"));`);
    this.addSql(`alter table "connectwise_integrations" add constraint "connectwise_integrations_provider_id_unique" unique ("provider_id");`);

    this.addSql(`create table "audit_entries" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "actor_id" uuid null, "action" text not null, "details" jsonb not null, constraint "audit_entries_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_entries_provider_id_created_at_index" on "audit_entries" ("provider_id", "created_at");`);

    this.addSql(`alter table "mappings" add constraint "mappings_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "mappings" add constraint "mappings_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "connectwise_integrations" add constraint "connectwise_integrations_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "connectwise_integrations" add constraint "connectwise_integrations_created_by_id_foreign" foreign key ("created_by_id") references "admins" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "connectwise_integrations" add constraint "connectwise_integrations_updated_by_id_foreign" foreign key ("updated_by_id") references "admins" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "audit_entries" add constraint "audit_entries_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "audit_entries" add constraint "audit_entries_actor_id_foreign" foreign key ("actor_id") references "admins" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mappings" cascade;`);

    this.addSql(`drop table if exists "connectwise_integrations" cascade;`);

    this.addSql(`drop table if exists "audit_entries" cascade;`);
  }

}
