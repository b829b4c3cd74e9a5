// Scenario 2 — a walk-in complaint marked major and complex, through its whole life: registration,
// initial review, routing, plan, review, management approval, feedback (dissatisfied), follow-up
// talk, re-handling, a second plan, review and approval, feedback (satisfied), tracking, close.
// Each step is taken by the user whose job it is (switch user in the top bar). The steps are in
// lib/lifecycle.mjs, shared with 19-lifecycle-office (the same in 联网 mode).
import { test } from "node:test";
import { scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";
import { majorComplaintLifecycle } from "../lib/lifecycle.mjs";

scenario(test, "02-major-complaint", "重大复杂投诉：登记到办结的全过程", { seed: seedOffice() }, majorComplaintLifecycle);
