//! Small sample reference lists for `serve --demo` — vacant rooms, forwarders, Tor, proxy and
//! data-centre networks, card BINs and IP countries — loaded through the importer itself
//! (`sekisho import …`), so that every reason family can appear out of the box.

use std::path::Path;

use crate::import::{self, AddressList, ImportCommand, IpTag};
use crate::settings::Settings;

const VACANT_ROOMS: &str = "country,postal_code,region,locality,line1,line2,label\n\
JP,120-0034,東京都,足立区,千住1-2-3,サンハイツ 101,demo: empty since 2025\n\
JP,530-0001,大阪府,大阪市北区,梅田2-4-9,梅田レジデンス 1203,demo: parcels dropped\n";
const FORWARDERS: &str = "country,postal_code,region,locality,line1,line2,label\n\
JP,272-0127,千葉県,市川市,塩浜2-1-1,,demo: reshipping warehouse\n\
JP,160-0023,東京都,新宿区,西新宿1-2-3,メゾン西新宿,demo: mail drop building\n";
const TOR: &str = "185.220.101.0/24\n185.220.102.0/24\n";
const PROXIES: &str = "45.155.205.0/24\n";
const DATACENTRES: &str = "203.0.113.0/24\n198.18.0.0/15\n";
const BINS: &str = "bin,brand,issuer_country,card_type,issuer\n\
455673,visa,JP,credit,Demo Card Japan\n\
411111,visa,US,credit,Demo Bank USA\n\
555555,mastercard,GB,debit,Demo Bank UK\n\
353011,jcb,JP,credit,Demo JCB\n";
const IP_COUNTRIES: &str = "range,country\n\
203.0.113.0/24,US\n\
198.51.100.0/24,JP\n\
185.220.101.0/24,DE\n";

/// Writes the lists under the data directory and imports each one. `settings` must name the
/// running database (the owner's URL) and the consortium key.
pub async fn load(settings: &Settings, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let write = |name: &str, text: &str| -> anyhow::Result<std::path::PathBuf> {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        Ok(path)
    };
    let source = || Some("demo".to_owned());
    let commands = [
        ImportCommand::Addresses {
            file: write("vacant-rooms.csv", VACANT_ROOMS)?,
            list: AddressList::VacantRoom,
            source: source(),
        },
        ImportCommand::Addresses {
            file: write("forwarders.csv", FORWARDERS)?,
            list: AddressList::Forwarder,
            source: source(),
        },
        ImportCommand::IpReputation {
            file: write("tor.txt", TOR)?,
            tag: IpTag::Tor,
            source: source(),
        },
        ImportCommand::IpReputation {
            file: write("proxies.txt", PROXIES)?,
            tag: IpTag::Proxy,
            source: source(),
        },
        ImportCommand::IpReputation {
            file: write("datacentres.txt", DATACENTRES)?,
            tag: IpTag::Datacenter,
            source: source(),
        },
        ImportCommand::CardBins {
            file: write("card-bins.csv", BINS)?,
            source: source(),
        },
        ImportCommand::IpCountries {
            file: write("ip-countries.csv", IP_COUNTRIES)?,
            source: source(),
        },
    ];
    for command in commands {
        let summary = import::import(command, settings).await?;
        anyhow::ensure!(
            summary.rejected == 0,
            "a demo list has a bad line: {summary:?}"
        );
    }
    Ok(())
}
