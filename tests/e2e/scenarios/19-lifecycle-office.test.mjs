// Scenario 19 — the lifecycle of scenario 02 (a major complaint from registration to close, each
// step by its role through 切换用户) with the window in 联网 mode on a real office server: every
// step runs on the server, the header stays 已连接, and the closed appeal is in the server's
// database while the desktop's own database holds no appeal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";
import { majorComplaintLifecycle, MAJOR_COMPLAINT } from "../lib/lifecycle.mjs";

scenario(
  test,
  "19-lifecycle-office",
  "联网：重大复杂投诉在办公室服务器上从登记到办结，各环节切换用户办理",
  { office: { seed: seedOffice() } },
  async (app) => {
    await majorComplaintLifecycle(app);
    await app.waitText("topbar-server", new URL(app.office.url).host);
    assert.equal(await app.text("topbar-connection-state"), "已连接");

    await app.office.stop();
    const onServer = JSON.parse(await app.office.cli(["list", "--json", "--status", "closed", "--limit", "1000"]));
    const closed = JSON.stringify(onServer);
    assert.ok(closed.includes(MAJOR_COMPLAINT.subject), "the closed appeal is in the server's database");
    const local = JSON.parse(await app.cli(["list", "--json", "--limit", "1000"]));
    assert.ok(!JSON.stringify(local).includes(MAJOR_COMPLAINT.subject), "nothing of it in the desktop's own database");
  },
);
