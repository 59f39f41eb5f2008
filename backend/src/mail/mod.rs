//! Outgoing mail: SMTP when configured, else `.eml` files in a local outbox and a log line
//! with the link, so a laptop run needs no mail server.

mod templates;

use crate::config::MailTransport;
use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

pub use templates::Mail;

#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

impl Mailer {
    pub fn new(transport: &MailTransport, from: &str) -> anyhow::Result<Self> {
        let transport = match transport {
            MailTransport::Smtp(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("SMTP_URL is not a valid SMTP URL")?
                    .build(),
            ),
            MailTransport::Outbox(dir) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create the mail outbox {}", dir.display()))?;
                Transport::Outbox(AsyncFileTransport::new(dir), dir.clone())
            }
        };
        Ok(Self {
            transport,
            from: from.parse().context("MAIL_FROM is not a valid mailbox")?,
        })
    }

    pub async fn send(&self, to_name: &str, to_email: &str, mail: Mail) -> anyhow::Result<()> {
        let to = Mailbox::new(Some(to_name.to_owned()), to_email.parse()?);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject())
            .multipart(MultiPart::alternative_plain_html(mail.text(), mail.html()))?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::Outbox(outbox, dir) => {
                let id = outbox.send(message).await?;
                tracing::info!(
                    to = to_email,
                    link = mail.link(),
                    file = %dir.join(format!("{id}.eml")).display(),
                    "mail written to the outbox"
                );
            }
        }
        Ok(())
    }
}
