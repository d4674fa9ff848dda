import { Migration } from '@mikro-orm/migrations';

export class Migration20261125135418 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "providers" ("id" uuid not null, "created_at" timestamptz not null, "name" text not null, "billing_time_zone" text not null default 'America/New_York', constraint "providers_pkey" primary key ("id"));`);
    this.addSql(`alter table "providers" add constraint "providers_name_unique" unique ("name");`);

    this.addSql(`create table "admins" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "email" text not null, "roles" text[] not null, constraint "admins_pkey" primary key ("id"));`);
    this.addSql(`alter table "admins" add constraint "admins_email_unique" unique ("email");`);

    this.addSql(`create table "api_tokens" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "admin_id" uuid not null, "name" text not null, "token_hash" text not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_tokens_pkey" primary key ("id"));`);
    this.addSql(`create index "api_tokens_admin_id_index" on "api_tokens" ("admin_id");`);
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "admins" add constraint "admins_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_tokens" add constraint "api_tokens_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_admin_id_foreign" foreign key ("admin_id") references "admins" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "admins" drop constraint "admins_provider_id_foreign";`);

    this.addSql(`alter table "api_tokens" drop constraint "api_tokens_provider_id_foreign";`);

    this.addSql(`alter table "api_tokens" drop constraint "api_tokens_admin_id_foreign";`);

    this.addSql(`drop table if exists "providers" cascade;`);

    this.addSql(`drop table if exists "admins" cascade;`);

    this.addSql(`drop table if exists "api_tokens" cascade;`);
  }

}
