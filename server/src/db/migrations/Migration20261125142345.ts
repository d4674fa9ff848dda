import { Migration } from '@mikro-orm/migrations';

export class Migration20261125142345 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "sync_runs" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "trigger" text check ("trigger" in ('schedule', 'manual', 'retry')) not null, "slot" text null, "month" text not null, "status" text check ("status" in ('queued', 'running', 'succeeded', 'partial', 'failed')) not null default 'queued', "organization_ids" text[] null, "requested_by_id" uuid null, "started_at" timestamptz null, "finished_at" timestamptz null, "heartbeat_at" timestamptz null, "attempts" int not null default 0, "total" int not null default 0, "updated" int not null default 0, "unchanged" int not null default 0, "skipped" int not null default 0, "failed" int not null default 0, "error" text null, constraint "sync_runs_pkey" primary key ("id"));`);
    this.addSql(`create unique index "sync_runs_one_active" on "sync_runs" ("provider_id") where "status" in ('queued', 'running');`);
    this.addSql(`create index "sync_runs_provider_id_created_at_index" on "sync_runs" ("provider_id", "created_at");`);
    this.addSql(`alter table "sync_runs" add constraint "sync_runs_provider_id_slot_unique" unique ("provider_id", "slot");`);

    this.addSql(`create table "sync_results" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "run_id" uuid not null, "position" int not null, "organization_id" uuid not null, "organization_name" text not null, "agreement_id" int not null, "addition_id" int not null, "outcome" text check ("outcome" in ('updated', 'unchanged', 'skipped', 'failed')) not null, "previous_quantity" double precision null, "previous_unit_cost" double precision null, "new_quantity" double precision null, "new_unit_cost" double precision null, "reason" text null, "error_kind" text null, "drift" text null, constraint "sync_results_pkey" primary key ("id"));`);
    this.addSql(`alter table "sync_results" add constraint "sync_results_run_id_organization_id_unique" unique ("run_id", "organization_id");`);

    this.addSql(`alter table "sync_runs" add constraint "sync_runs_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "sync_runs" add constraint "sync_runs_requested_by_id_foreign" foreign key ("requested_by_id") references "admins" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "sync_results" add constraint "sync_results_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "sync_results" add constraint "sync_results_run_id_foreign" foreign key ("run_id") references "sync_runs" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "sync_results" add constraint "sync_results_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sync_results" drop constraint "sync_results_run_id_foreign";`);

    this.addSql(`drop table if exists "sync_runs" cascade;`);

    this.addSql(`drop table if exists "sync_results" cascade;`);
  }

}
