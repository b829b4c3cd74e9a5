// Scenario 18 — the office server restarts under a half-typed registration (联网): the clerk has
// filled half the form when the server stops; the window says so in Chinese (banner and header:
// 正在重连, then 无法连接), the writing buttons are disabled and the form keeps its input (the clerk
// even goes on typing); the server comes back on the same port with the same data; the window
// says it reconnected, and since sessions are rows of the server's database (issue 22) the
// session is still there: no lock, no password; the form is as typed, it is saved, and exactly
// one appeal with that content is in the server's database. (The lock when the server no longer
// knows the session is src-tauri/tests/remote.rs's, and IdleLockOverlay's unit test.)
// Screenshots: output/18-server-restart-{down,back}.png (docs/screenshots/office-server-down.png).
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario, sleep } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

const SUBJECT = "服务器重启时登记的路灯故障";
const CONTENT = "解放路与和平街交叉口的三盏路灯已经坏了一周，晚上很黑，请尽快修复。";

scenario(
  test,
  "18-server-restart",
  "联网：服务器重启，横幅提示、写入按钮停用、已填内容保留，恢复后无需重新登录并只登记一次",
  { office: { seed: seedOffice() } },
  async (app) => {
    const server = app.office;
    await app.signIn("jiedai");
    await app.waitText("topbar-connection-state", "已连接");

    // Half the form.
    await app.nav("register");
    await app.click("reg-channel-walk_in");
    await app.type("reg-name", "吴先生");
    await app.type("reg-phone", "13712345678");
    await app.click("reg-category-complaint");
    await app.type("reg-subject", SUBJECT);

    // The server stops.
    await server.stop();
    const stoppedAt = Date.now();
    // The header and the banner say it together: 正在重连 while the stream retries (skipped when
    // a call of the window finds the server away first), then 无法连接.
    const BANNER = {
      正在重连: /^与办公室服务器 https:\/\/127\.0\.0\.1:\d+ 的连接中断，正在重新连接……$/,
      无法连接: /^无法连接办公室服务器 https:\/\/127\.0\.0\.1:\d+。正在自动重试；在恢复连接之前不能保存或提交，已填写的内容会保留。$/,
    };
    const seen = [];
    for (;;) {
      const [state, banner] = await app.driver.executeScript(
        "const t = (id) => { const e = document.querySelector('[data-testid=' + id + ']'); return e ? e.innerText.trim() : null; }; return [t('topbar-connection-state'), t('connection-banner')];",
      );
      if (state !== "已连接") {
        assert.ok(BANNER[state], `the header says ${state}`);
        assert.match(banner ?? "(no banner)", BANNER[state]);
        if (seen.at(-1) !== state) seen.push(state);
        if (state === "无法连接") break;
      }
      assert.ok(Date.now() - stoppedAt < 15000, `无法连接 not shown within 15 s (seen: ${seen.join(" → ")})`);
      await sleep(100);
    }
    app.log(`${seen.join(" → ")}; 无法连接 shown ${Date.now() - stoppedAt} ms after the server stopped`);
    // Writing is disabled (the layout makes primary buttons inert), input is not.
    const saveStyle = await app.driver.executeScript(
      "const b = document.querySelector('[data-testid=reg-save]'); return getComputedStyle(b).pointerEvents",
    );
    assert.equal(saveStyle, "none", "the save button does not take clicks while the server is away");
    await app.type("reg-content", CONTENT);
    assert.equal(await app.value("reg-subject"), SUBJECT);
    // The header still says 无法连接 (a window's own failed calls and the reconnecting stream agree).
    await app.waitText("topbar-connection-state", "无法连接");
    await app.driver.executeScript("document.querySelector('[data-testid=connection-banner]').scrollIntoView({ block: 'start' })");
    await app.screenshot("18-server-restart-down");

    // The server comes back: same port, same data, same certificate.
    await server.start();
    const startedAt = Date.now();
    await app.waitMessage(/已重新连接办公室服务器/, { type: "success", timeout: 20000 });
    await app.waitText("topbar-connection-state", "已连接");
    await app.gone("connection-banner");
    app.log(`reconnected ${Date.now() - startedAt} ms after the server started again`);
    // The restarted server still knows the session: the window does not lock.
    await sleep(3000);
    assert.equal(await app.has("idle-lock"), false, "the session outlived the restart: no lock");
    await app.screenshot("18-server-restart-back");
    assert.equal(await app.value("reg-name"), "吴先生");
    assert.equal(await app.value("reg-subject"), SUBJECT);
    assert.equal(await app.value("reg-content"), CONTENT);

    // Saved once.
    await app.dismissMessages();
    await app.click("reg-save");
    await app.waitMessage(/登记/, { type: "success", timeout: 15000 });
    const regNumber = (await app.text("reg-result-number")).trim();
    app.log(`registered ${regNumber}`);
    await server.stop();
    const listed = JSON.parse(await server.cli(["list", "--json", "--limit", "100"]));
    const rows = (Array.isArray(listed) ? listed : listed.items ?? listed.rows ?? []).filter((r) => JSON.stringify(r).includes(SUBJECT));
    assert.equal(rows.length, 1, `exactly one appeal "${SUBJECT}" on the server: ${JSON.stringify(rows)}`);
  },
);
