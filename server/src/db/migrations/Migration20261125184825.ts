import { Migration } from '@mikro-orm/migrations';

export class Migration20261125184825 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "api_tokens" add column "kind" text check ("kind" in ('api', 'browser_session')) not null default 'api';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_tokens" drop column "kind";`);
  }

}
