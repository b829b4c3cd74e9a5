// The code → label lists of the domain (minyi-service, commands/appeals.rs); use lib/vocab.ts in views.
import { call } from "./core";
import type { Vocabulary } from "../bindings/Vocabulary";

export function vocabulary(): Promise<Vocabulary> {
  return call("vocabulary", {});
}
