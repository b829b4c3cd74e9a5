//! `minyi-server` — the office server's command line: serve, adopt a desktop's database, create
//! the first administrator, show the certificate's fingerprint.

use clap::{Parser, Subcommand};
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_server::{Config, Started, tls};
use minyi_service::Profile;
use minyi_service::views::SetupInput;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// 民意诉求管理系统 办公室服务器（联网）/ Minyi office server.
#[derive(Debug, Parser)]
#[command(
    name = "minyi-server",
    version,
    about = "民意诉求管理系统 办公室服务器（联网）/ Minyi office server",
    after_help = "示例 / examples:\n  \
        minyi-server --data-dir /var/lib/minyi-server serve --listen 0.0.0.0:8443\n  \
        minyi-server --data-dir /var/lib/minyi-server serve --listen 0.0.0.0:8443 --portal-listen 0.0.0.0:443\n  \
        minyi-server --data-dir /var/lib/minyi-server setup --org 某市民意诉求管理办公室 --admin admin --name 张三\n  \
        minyi-server --data-dir /var/lib/minyi-server adopt /home/user/.local/share/cn.minyi.desktop/minyi.db\n  \
        minyi-server --data-dir /var/lib/minyi-server fingerprint\n  \
        MINYI_DATABASE_URL=postgres://minyi:密码@127.0.0.1:5432/minyi minyi-server --data-dir /var/lib/minyi-server migrate-store --from sqlite:/home/user/minyi.db"
)]
struct Cli {
    /// 数据目录（数据库、附件、证书）/ data folder (or env MINYI_DATA_DIR)
    #[arg(long, global = true, env = "MINYI_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,

    /// PostgreSQL 数据库地址 postgres://用户:密码@主机:端口/库名（不指定则用数据目录中的 SQLite 文件；也可写在数据目录的 minyi-server.toml 中）/ the office's PostgreSQL database (or env MINYI_DATABASE_URL, or `database = "…"` in DIR/minyi-server.toml)
    #[arg(
        long,
        global = true,
        env = "MINYI_DATABASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    database: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 启动服务器 / serve the office over HTTPS
    Serve {
        /// 监听地址和端口 / address and port
        #[arg(long, value_name = "ADDR:PORT", default_value = "0.0.0.0:8443")]
        listen: SocketAddr,
        /// 单位自有的证书（PEM），与 --key 一起使用 / the office's certificate
        #[arg(long, value_name = "FILE", requires = "key")]
        cert: Option<PathBuf>,
        /// 证书的私钥（PEM）/ its private key
        #[arg(long, value_name = "FILE", requires = "cert")]
        key: Option<PathBuf>,
        /// 客户端访问本机所用的名称或地址（写入首次生成的证书），可重复 / host names for the certificate
        #[arg(long = "host", value_name = "NAME")]
        hosts: Vec<String>,
        /// 数据库连接数 / database connections
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
        connections: u16,
        /// 面向公众的网上平台的监听地址和端口（不指定则不开放）/ the public portal's address and port
        #[arg(long, value_name = "ADDR:PORT")]
        portal_listen: Option<SocketAddr>,
        /// 网上平台使用普通 HTTP，仅当它位于单位的反向代理（由代理提供 HTTPS）之后 / plain HTTP behind the office's reverse proxy
        #[arg(long, requires = "portal_listen")]
        portal_behind_proxy: bool,
    },
    /// 接收单机版的数据库（连同附件）作为服务器的数据库 / adopt a desktop database
    Adopt {
        /// 单机版的 minyi.db / the desktop's database file
        #[arg(value_name = "PATH")]
        source: PathBuf,
    },
    /// 首次设置：单位名称和第一位系统管理员（密码取自 MINYI_PASSWORD 或提示输入）/ first administrator
    Setup {
        /// 单位名称 / organisation name
        #[arg(long, value_name = "NAME")]
        org: String,
        /// 管理员登录名 / administrator's login
        #[arg(long, value_name = "LOGIN")]
        admin: String,
        /// 管理员姓名 / administrator's name
        #[arg(long, value_name = "NAME")]
        name: String,
    },
    /// 显示证书指纹，供各台电脑连接时核对 / show the certificate fingerprint
    Fingerprint,
    /// 把单机版（SQLite）的数据库整体迁移到一个新建的空 PostgreSQL 数据库 / move an SQLite office
    /// into an empty PostgreSQL database
    MigrateStore {
        /// 原数据库：sqlite:文件路径 / the SQLite file, as sqlite:PATH
        #[arg(long, value_name = "sqlite:PATH")]
        from: String,
        /// 目标数据库地址 postgres://用户名:密码@主机:端口/数据库名（或环境变量 MINYI_DATABASE_URL，
        /// 免得密码出现在进程列表里）/ the PostgreSQL database (or env MINYI_DATABASE_URL)
        #[arg(
            long,
            value_name = "postgres://…",
            env = "MINYI_DATABASE_URL",
            hide_env_values = true
        )]
        to: String,
    },
}

fn data_dir(cli: &Cli) -> Result<PathBuf, String> {
    cli.data_dir.clone().ok_or_else(|| {
        "没有指定数据目录。请用 --data-dir DIR 指定，或设置环境变量 MINYI_DATA_DIR。".to_string()
    })
}

/// The server's configuration file in the data folder: settings an administrator keeps out of the
/// command line (a database URL holds a password, which `ps` would show to every local user).
const CONFIG_FILE: &str = "minyi-server.toml";

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// The office's PostgreSQL database, as `--database`.
    database: Option<String>,
}

/// The database to open: `--database` (or `MINYI_DATABASE_URL`) first, else the configuration
/// file's `database`, else none (the SQLite file of the data folder).
fn database(cli: &Cli, dir: &std::path::Path) -> Result<Option<String>, String> {
    if let Some(url) = &cli.database {
        return Ok(Some(url.clone()));
    }
    let path = dir.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) => {
            return Err(format!(
                "无法读取配置文件 {}，请检查文件权限。",
                path.display()
            ));
        }
    };
    let file: ConfigFile = toml::from_str(&text).map_err(|e| {
        // The parser's message quotes the line, which may hold the password: only its position.
        let at = e
            .span()
            .map(|span| format!("（第 {} 行）", text[..span.start].lines().count().max(1)))
            .unwrap_or_default();
        format!(
            "配置文件 {} 的格式不正确{at}。它只能包含一项：database = \"postgres://用户:密码@主机:端口/库名\"。",
            path.display()
        )
    })?;
    Ok(file.database)
}

fn announce(s: &Started) {
    println!("民意诉求管理系统 办公室服务器已启动：https://{}", s.addr);
    println!("证书指纹（SHA-256）：{}", tls::readable(&s.fingerprint));
    if s.new_certificate {
        println!(
            "这是首次启动生成的证书。请把上面的指纹告诉各台电脑的使用人，首次连接时核对一致后再确认。"
        );
    }
    if let Some(portal) = s.portal_addr {
        println!("网上平台（面向公众）已开放：{portal}");
    }
    if s.needs_setup {
        println!(
            "尚未设置单位和管理员：请在本机运行 minyi-server --data-dir <数据目录> setup --org <单位名称> --admin <登录名> --name <姓名>。"
        );
    }
}

fn serve(
    cli: &Cli,
    config: Config,
    portal: Option<minyi_server::portal::PortalConfig>,
) -> Result<(), String> {
    let _ = cli;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = stop_tx.send(true);
        });
        minyi_server::run_with_portal(config, portal, announce, stop_rx).await
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {},
                _ = term.recv() => {},
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn password() -> Result<String, String> {
    if let Ok(p) = std::env::var("MINYI_PASSWORD")
        && !p.is_empty()
    {
        return Ok(p);
    }
    rpassword::prompt_password("管理员密码：")
        .map_err(|_| "无法读取密码。请在终端中运行，或用环境变量 MINYI_PASSWORD 提供密码。".into())
}

fn setup(
    dir: &std::path::Path,
    database: Option<&str>,
    org: &str,
    admin: &str,
    name: &str,
) -> Result<(), String> {
    let office = minyi_server::open_office(dir, database, Profile::server(1))?;
    let input = SetupInput {
        org_name: org.to_string(),
        admin: NewUser {
            username: admin.to_string(),
            display_name: name.to_string(),
            department_id: 0,
            roles: vec![Role::Administrator, Role::AppealsOffice, Role::IntakeClerk],
            password: password()?,
            agreement_signed_on: None,
        },
        load_demo: false,
    };
    let signed = minyi_service::session::setup(&office, &input).map_err(|e| e.message)?;
    println!(
        "已设置单位“{}”和系统管理员 {}（{}）。现在可以启动服务器，用该账号从各台电脑登录。",
        signed.info.org_name, admin, signed.info.display_name
    );
    Ok(())
}

/// `migrate-store`: the move of `store::move_to_pg`, with a line per table on stderr and the
/// outcome on stdout. The URL is never printed (it holds the password).
fn migrate_store(cli: &Cli, from: &str, to: &str) -> Result<(), String> {
    use minyi_core::store::move_to_pg::{MoveStep, sqlite_to_pg};
    let source = from
        .strip_prefix("sqlite:")
        .map(PathBuf::from)
        .ok_or_else(|| {
            "--from 的格式应为 sqlite:数据库文件路径，例如 --from sqlite:/home/user/minyi.db。"
                .to_string()
        })?;
    if !(to.starts_with("postgres://") || to.starts_with("postgresql://")) {
        return Err(
            "--to 应为 PostgreSQL 数据库地址：postgres://用户名:密码@主机:端口/数据库名。".into(),
        );
    }
    // Attachments go to the server's data folder; without one given, beside the source.
    let dir = match &cli.data_dir {
        Some(d) => d.clone(),
        None => source
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    eprintln!("正在迁移 {} 到 PostgreSQL 数据库……", source.display());
    let report = sqlite_to_pg(&source, to, &dir, &mut |step| match step {
        MoveStep::Copied(table, rows) => eprintln!("  已复制数据表 {table}：{rows} 行"),
        MoveStep::Search => eprintln!("  正在生成检索数据……"),
        MoveStep::Indexes => eprintln!("  正在重建索引……"),
        MoveStep::Verifying => eprintln!("  正在核对行数、校验日志链并做完整性检查……"),
    })
    .map_err(|e| e.message)?;
    let count = |name: &str| {
        report
            .tables
            .iter()
            .find(|(t, _)| t == name)
            .map_or(0, |(_, n)| *n)
    };
    println!(
        "迁移完成：{} 个数据表共 {} 行（{} 件诉求、{} 条事件记录），用时 {:.1} 秒（每秒 {:.0} 行）。行数与原数据库一致，三条日志链校验通过，完整性检查通过。",
        report.tables.len(),
        report.rows,
        count("appeals"),
        count("events"),
        report.seconds,
        report.rows as f64 / report.seconds.max(0.001)
    );
    let attachments = count("attachments");
    if attachments > 0 {
        println!(
            "附件文件不在数据库中：请把原数据库旁的 attachments 文件夹（{attachments} 个附件记录）复制到服务器数据目录 {} 中。",
            dir.display()
        );
    }
    println!("原数据库未被改动。");
    Ok(())
}

fn run(cli: &Cli) -> Result<(), String> {
    if let Command::MigrateStore { from, to } = &cli.command {
        return migrate_store(cli, from, to);
    }
    let dir = data_dir(cli)?;
    match &cli.command {
        Command::Serve {
            listen,
            cert,
            key,
            hosts,
            connections,
            portal_listen,
            portal_behind_proxy,
        } => serve(
            cli,
            Config {
                database: database(cli, &dir)?,
                data_dir: dir,
                listen: *listen,
                cert: cert.clone().zip(key.clone()),
                connections: usize::from(*connections),
                hosts: hosts.clone(),
                idle_override: None,
            },
            portal_listen.map(|listen| minyi_server::portal::PortalConfig {
                listen,
                behind_proxy: *portal_behind_proxy,
            }),
        ),
        Command::Adopt { source } => {
            if database(cli, &dir)?.is_some() {
                return Err(
                    "本服务器使用 PostgreSQL 数据库，不能直接接收单机版的数据库文件。请用 minyi-server migrate-store 把它迁入 PostgreSQL 数据库。"
                        .into(),
                );
            }
            let a = minyi_server::adopt::adopt(&dir, source)?;
            println!(
                "已接收单机版数据库：{} 件诉求、{} 条办理记录、{} 个附件文件，完整性检查通过。现在可以启动服务器。",
                a.appeals, a.events, a.attachments
            );
            Ok(())
        }
        Command::Setup { org, admin, name } => {
            setup(&dir, database(cli, &dir)?.as_deref(), org, admin, name)
        }
        Command::MigrateStore { from, to } => migrate_store(cli, from, to),
        Command::Fingerprint => {
            let id = tls::identity(&dir, None, &[])?;
            println!(
                "证书指纹（SHA-256）：{}",
                tls::readable(&tls::fingerprint(&id.chain[0]))
            );
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "错误：服务器遇到了意外情况。已经保存的数据不受影响，未完成的操作没有保存。请把这条信息告诉技术支持（位置 {place}）。"
        );
    }));
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
