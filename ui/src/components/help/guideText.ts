// The user guide's text: docs/user-guide.md at the repository root, bundled as a string, so the
// help page and the file never differ. (The dev server must be allowed to read ../docs.)
import text from "../../../../docs/user-guide.md?raw";

export const guideText: string = text;
