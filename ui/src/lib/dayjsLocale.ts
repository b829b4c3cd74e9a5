// Element Plus's date pickers take their week from dayjs's locale of the same name as their own
// (zh-cn): without that locale loaded, dayjs falls back to English and weeks start on Sunday.
// Loading it here (main.ts imports this first) makes every picker start its week on 周一, as
// Chinese calendars do, and names the months and weekdays in Chinese.
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";

dayjs.locale("zh-cn");
