// The connection to the office server as every part of the window sees it: one reactive state
// (filled from `connection_info`, kept current by `connection-state` events), whether writing is
// possible now, and the Chinese words for the state. The banner, the top bar and any view read
// this one state rather than keeping copies.
import { computed, reactive } from "vue";
import { connectionInfo } from "../api/connection";
import { inTauri } from "../api/core";
import { onConnectionState, type UnlistenFn } from "../api/events";
import type { ConnectionInfo } from "../bindings/ConnectionInfo";
import type { ConnectionState } from "../bindings/ConnectionState";
import { showSuccess } from "./notify";

export const connection = reactive<ConnectionInfo>({
  mode: "standalone",
  chosen: true,
  server: null,
  fingerprint: null,
  state: null,
  needsAdmin: false,
});

/** Takes what Rust says about the connection. */
export function applyConnection(info: ConnectionInfo): void {
  Object.assign(connection, info);
}

/** Sets the state from a `connection-state` event; says so when the server answers again. */
export function applyConnectionState(state: ConnectionState): void {
  if (connection.mode !== "office") return;
  const was = connection.state;
  connection.state = state;
  if (state === "connected" && was !== null && was !== "connected") showSuccess(`已重新连接办公室服务器 ${connection.server ?? ""}。`);
}

let unlisten: UnlistenFn | null = null;

/** Loads the connection and follows its state (once, for the window's life). */
export async function watchConnection(): Promise<void> {
  if (!inTauri()) return;
  applyConnection(await connectionInfo());
  if (!unlisten) unlisten = await onConnectionState(applyConnectionState);
}

/** 联网 mode and the server does not answer: buttons that write are disabled (forms keep input). */
export const offline = computed(() => connection.mode === "office" && connection.state !== null && connection.state !== "connected");

const STATE_TEXT: Record<ConnectionState, string> = {
  connected: "已连接",
  reconnecting: "正在重连",
  unreachable: "无法连接",
  untrusted: "证书不符",
};

/**
 * The server as the top bar shows it: host and port, without `https://` (every office server
 * speaks it) and a trailing slash — the bar is crowded at 1280 px. The full address is the
 * tooltip and is in every sentence about the connection.
 */
export function serverShort(server: string | null): string {
  if (!server) return "";
  return server.replace(/^https?:\/\//i, "").replace(/\/+$/, "");
}

export function stateText(state: ConnectionState | null): string {
  return state ? STATE_TEXT[state] : "";
}

/** The banner's sentence when the server does not answer. */
export function bannerText(): string {
  const server = connection.server ?? "办公室服务器";
  if (connection.state === "untrusted")
    return `办公室服务器 ${server} 出示的证书与本机信任的不一致，为安全起见已停止连接，不会发送任何数据。请联系服务器管理员：如果服务器确实更换了证书，请核对新指纹后重新连接。`;
  return connection.state === "unreachable"
    ? `无法连接办公室服务器 ${server}。正在自动重试；在恢复连接之前不能保存或提交，已填写的内容会保留。`
    : `与办公室服务器 ${server} 的连接中断，正在重新连接……`;
}
