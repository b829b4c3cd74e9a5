// Pins the larger-text preference: stored, applied to the root font-size, restored at start-up.
import { afterEach, describe, expect, it } from "vitest";
import { applyLargeText, isLargeText, LARGE_ROOT_PX, NORMAL_ROOT_PX, setLargeText } from "./largeText";

afterEach(() => localStorage.clear());

describe("larger text", () => {
  it("scales the root font-size and remembers the choice", () => {
    setLargeText(true);
    expect(document.documentElement.style.fontSize).toBe(`${LARGE_ROOT_PX}px`);
    expect(isLargeText()).toBe(true);
    document.documentElement.style.fontSize = "";
    applyLargeText();
    expect(document.documentElement.style.fontSize).toBe(`${LARGE_ROOT_PX}px`);
    setLargeText(false);
    expect(document.documentElement.style.fontSize).toBe(`${NORMAL_ROOT_PX}px`);
    expect(isLargeText()).toBe(false);
  });
});
