// The portal in headless Chromium at a phone's size (390 × 844 CSS pixels): submit without an
// account (with a photo attached), keep the receipt's number and query code, look the appeal up, switch to 大字模式,
// register, submit signed in and see it on 我的诉求; the office records its reply through the
// staff API and the citizen rates it on 我的诉求. Every step asserts what the page says and
// leaves a screenshot in $OUTPUT/portal-<step>.png.
import { Builder, By, until } from "selenium-webdriver";
import chrome from "selenium-webdriver/chrome.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strict as assert } from "node:assert";

const base = process.env.PORTAL_URL;
const out = process.env.OUTPUT;
const wait = 10000;

const options = new chrome.Options()
  .setChromeBinaryPath("/usr/bin/chromium")
  .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--lang=zh-CN", "--hide-scrollbars")
  .setMobileEmulation({ deviceMetrics: { width: 390, height: 844, pixelRatio: 2 } });
const service = new chrome.ServiceBuilder("/usr/bin/chromedriver");
const driver = await new Builder().forBrowser("chrome").setChromeOptions(options).setChromeService(service).build();

// The office's side: the staff API over HTTPS, trusting only the server's certificate (its
// fingerprint, as announced at start, checked on every connection, as the staff's clients do).
const staffCa = readFileSync(process.env.STAFF_CERT);
const staffPin = process.env.STAFF_FINGERPRINT.replace(/[\s:]/g, "").toLowerCase();
let staffToken = null;
function staff(path, body) {
  const data = Buffer.from(JSON.stringify(body));
  const url = new URL(path, process.env.STAFF_URL);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        ca: staffCa,
        checkServerIdentity: (_host, cert) =>
          cert.fingerprint256.replace(/:/g, "").toLowerCase() === staffPin ? undefined : new Error("certificate not pinned"),
        headers: {
          "Content-Type": "application/json",
          "Content-Length": data.length,
          ...(staffToken ? { Authorization: `Bearer ${staffToken}` } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () =>
          res.statusCode < 300 ? resolve(text ? JSON.parse(text) : null) : reject(new Error(`${path}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

async function shot(name) {
  writeFileSync(`${out}/portal-${name}.png`, await driver.takeScreenshot(), "base64");
}
const byTestId = (id) => By.css(`[data-testid="${id}"]`);
async function text(id) {
  return (await driver.wait(until.elementLocated(byTestId(id)), wait)).getText();
}
async function type(css, value) {
  const el = await driver.findElement(By.css(css));
  await el.clear();
  await el.sendKeys(value);
}
async function fillAppeal(subject, category = "complaint") {
  await driver.findElement(By.css(`input[name="category"][value="${category}"]`)).click();
  await type("#f-subject", subject);
  await type("#f-content", "小区门口的路灯已经坏了一个多月，晚上出行很不安全，希望尽快修好。");
  await type("#f-name", "王五");
  await type("#f-phone", "13812345678");
  await type("#f-address", "云江市西湖区学院路88号");
}

let failed = false;
try {
  await driver.get(base + "/");
  assert.match(await driver.getTitle(), /民意诉求网上平台/);
  await shot("home");

  // Submit without an account: a mistake first, shown beside its field.
  await driver.findElement(byTestId("go-submit")).click();
  await driver.wait(until.elementLocated(byTestId("submit-form")), wait);
  await fillAppeal("路灯不亮");
  await type("#f-phone", "12345");
  await driver.findElement(byTestId("submit")).click();
  assert.match(await text("errors"), /电话号码格式不正确/);
  assert.equal(await driver.findElement(By.css("#f-phone")).getAttribute("aria-invalid"), "true");
  assert.equal(await driver.findElement(By.css("#f-subject")).getAttribute("value"), "路灯不亮", "kept what was typed");
  await shot("form-error");
  await type("#f-phone", "13812345678");
  // A photo with the form (a 1 × 1 PNG), picked as a phone's file chooser would.
  const photo = join(mkdtempSync(join(tmpdir(), "portal-e2e-")), "路灯照片.png");
  writeFileSync(
    photo,
    Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"),
  );
  const files = await driver.findElement(By.css("#f-files"));
  await files.sendKeys(photo);
  await shot("form");
  await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", files);
  await shot("attachments");
  await driver.findElement(byTestId("submit")).click();
  const reg = await text("reg-number");
  const code = await text("query-code");
  assert.match(reg, /^\d{8}-\d{4}$/);
  assert.match(code, /^[A-Z2-9]{8}$/);
  const receipt = await text("receipt");
  assert.match(receipt, /受理回执/);
  assert.match(receipt, /办理流程：我单位先对诉求进行初审/);
  assert.match(receipt, /预计反馈日期：/);
  assert.match(receipt, /随诉求收到附件1个/);
  assert.equal(await text("receipt-files"), "路灯照片.png");
  await shot("receipt");

  // Look it up by number and code: where it stands, nothing personal.
  await driver.get(base + "/lookup");
  await type("#f-reg", reg);
  await type("#f-code", code.toLowerCase());
  await driver.findElement(byTestId("lookup")).click();
  assert.equal(await text("stage"), "已收到，等待初审");
  const status = await text("status");
  for (const privateText of ["王五", "13812345678", "学院路", "路灯不亮"]) {
    assert.ok(!status.includes(privateText), `${privateText} shown by the lookup`);
  }
  await shot("lookup");

  // 大字模式: one tap, remembered.
  const before = await driver.executeScript("return parseFloat(getComputedStyle(document.body).fontSize)");
  await driver.findElement(byTestId("text-size")).click();
  await driver.wait(until.elementLocated(By.css("body.large")), wait);
  const after = await driver.executeScript("return parseFloat(getComputedStyle(document.body).fontSize)");
  assert.ok(after > before, `large text ${after} > ${before}`);
  await shot("large-text");
  await driver.findElement(byTestId("text-size")).click();
  await driver.wait(until.elementLocated(By.css("body:not(.large)")), wait);

  // Register, submit signed in, see it on 我的诉求.
  await driver.get(base + "/account");
  await type("#f-up-phone", "13700001111");
  await type("#f-up-pw", "Citizen-2026");
  await driver.findElement(byTestId("register")).click();
  await driver.wait(until.urlContains("/mine"), wait);
  await driver.get(base + "/submit");
  await fillAppeal("电梯长期故障，何时能修好", "consultation");
  await driver.findElement(byTestId("submit")).click();
  const mineReg = await text("reg-number");
  await driver.get(base + "/mine");
  const mine = await text("status");
  assert.match(mine, new RegExp(mineReg));
  assert.match(mine, /电梯长期故障，何时能修好/);
  await shot("mine");

  // The office answers and records its reply (not yet the appellant's view) through the staff
  // API; the citizen reads it on 我的诉求 and rates it there.
  staffToken = (await staff("/api/session", { username: "admin", password: process.env.STAFF_PASSWORD })).token;
  const appealId = await staff("/api/commands/find_appeal", { number: mineReg });
  await staff("/api/commands/answer_directly", { appealId, answer: "已通知物业公司维修电梯。" });
  await staff("/api/commands/record_feedback", {
    appealId,
    input: { method: "message", satisfaction: "unreachable", content: "您好，已通知物业公司在三日内修复电梯，如仍未修好请再联系我们。" },
  });
  await driver.navigate().refresh();
  assert.match(await text("reply"), /物业公司在三日内修复电梯/);
  const rateForm = await driver.wait(until.elementLocated(byTestId("rate-form")), wait);
  await driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", rateForm);
  await driver.findElement(By.css('input[name="satisfaction"][value="basically_satisfied"]')).click();
  await shot("rate");
  await driver.findElement(byTestId("rate")).click();
  await driver.wait(until.urlContains("/mine"), wait);
  assert.equal(await text("rated"), "基本满意");
  assert.equal((await driver.findElements(byTestId("rate-form"))).length, 0, "rated once");
  await shot("rated");
  console.log("portal browser test: 1 passed, 0 failed");
} catch (e) {
  failed = true;
  console.error(e);
  try {
    await shot("failure");
  } catch {}
  console.log("portal browser test: 0 passed, 1 failed");
} finally {
  await driver.quit();
}
process.exit(failed ? 1 : 0);
