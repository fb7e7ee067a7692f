//! A damaged archive says so instead of answering wrongly: a deleted index
//! is rebuilt from the store; an emptied, deleted or truncated store file is
//! an error or a repair that says what happened, never a panic and never a
//! doubled archive; random byte flips in the store either change no answer
//! or are reported (0 silent changes). Run on the shared corpus's archive
//! when `../shared/corpus` is present, else on the samples.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::{copy_dir, export, run};

fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    p.is_dir().then_some(p)
}

fn ingest(data: &Path, input: &Path) -> support::Ran {
    run(
        &[
            "--data".as_ref(),
            data.as_os_str(),
            "ingest".as_ref(),
            input.as_os_str(),
        ],
        Duration::from_secs(600),
    )
}

fn cmd(data: &Path, args: &[&str]) -> support::Ran {
    let mut a: Vec<&std::ffi::OsStr> = vec!["--data".as_ref(), data.as_os_str()];
    a.extend(args.iter().map(|s| std::ffi::OsStr::new(*s)));
    run(&a, Duration::from_secs(120))
}

fn no_panic(r: &support::Ran, what: &str) {
    assert_ne!(r.code, Some(101), "{what}: panicked: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
    assert!(!r.timed_out, "{what}: did not end");
}

fn total(data: &Path, query: &str) -> u64 {
    let r = cmd(data, &["search", "--json", "--limit", "1", query]);
    assert_eq!(r.code, Some(0), "search {query}: {}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["total"].as_u64().unwrap()
}

/// A pristine archive of the samples, built once per test.
fn samples_archive(dir: &Path) -> PathBuf {
    let data = dir.join("pristine");
    let r = ingest(&data, &support::samples());
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    data
}

#[test]
fn a_deleted_index_is_rebuilt_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = samples_archive(dir.path());
    let want = total(&pristine, "kind:cable OR kind:article OR kind:other");
    let want_tier = total(&pristine, "tier");
    for damage in ["index", "index/meta.json"] {
        let data = dir.path().join(damage.replace('/', "-"));
        copy_dir(&pristine, &data);
        let p = data.join(damage);
        if p.is_dir() {
            std::fs::remove_dir_all(&p).unwrap();
        } else {
            std::fs::remove_file(&p).unwrap();
        }
        let r = cmd(&data, &["stats"]);
        no_panic(&r, damage);
        assert!(r.stderr.contains("rebuilt"), "{damage}: {}", r.stderr);
        assert_eq!(
            total(&data, "kind:cable OR kind:article OR kind:other"),
            want,
            "{damage}"
        );
        assert_eq!(total(&data, "tier"), want_tier, "{damage}");
        // And re-ingesting changes nothing (no doubling).
        let again = ingest(&data, &support::samples());
        assert_eq!(again.code, Some(0), "{}", again.stderr);
        assert_eq!(
            total(&data, "kind:cable OR kind:article OR kind:other"),
            want
        );
    }
}

#[test]
fn an_emptied_deleted_or_truncated_store_is_never_answered_from_silently() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = samples_archive(dir.path());
    let want = total(&pristine, "kind:cable OR kind:article OR kind:other");

    // Emptied: an error that says so, for reading and for ingesting.
    let data = dir.path().join("emptied");
    copy_dir(&pristine, &data);
    std::fs::File::create(data.join("store.redb")).unwrap();
    for args in [&["stats"][..], &["search", "tier"], &["check"]] {
        let r = cmd(&data, args);
        no_panic(&r, "emptied store");
        assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("empty"), "{args:?}: {}", r.stderr);
    }
    let r = ingest(&data, &support::samples());
    no_panic(&r, "ingest into an emptied store");
    assert_ne!(r.code, Some(0));

    // Deleted: a new store; the index is cleared to match it, saying so, and
    // re-ingesting restores the archive without doubling a cable.
    let data = dir.path().join("deleted");
    copy_dir(&pristine, &data);
    std::fs::remove_file(data.join("store.redb")).unwrap();
    let r = ingest(&data, &support::samples());
    no_panic(&r, "ingest after the store was deleted");
    assert!(r.stderr.contains("cleared"), "{}", r.stderr);
    assert_eq!(
        total(&data, "kind:cable OR kind:article OR kind:other"),
        want
    );

    // Truncated store and links files: errors, not panics.
    for file in ["store.redb", "links.redb"] {
        let data = dir.path().join(format!("truncated-{file}"));
        copy_dir(&pristine, &data);
        let p = data.join(file);
        let len = std::fs::metadata(&p).unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&p)
            .unwrap()
            .set_len(len / 2)
            .unwrap();
        for args in [
            &["stats"][..],
            &["links", "--list", "reported"],
            &["export"],
        ] {
            let r = cmd(&data, args);
            no_panic(&r, file);
        }
    }
}

/// xorshift: deterministic offsets, printed with the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn byte_flips_in_the_store_are_reported_or_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (pristine, what) = match corpus() {
        Some(c) => {
            let data = dir.path().join("pristine");
            let r = ingest(&data, &c);
            assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
            (data, "the shared corpus")
        }
        None => {
            println!("note: ../shared/corpus not found: flipping bytes of the samples' archive");
            (samples_archive(dir.path()), "the samples")
        }
    };
    let baseline = export(&pristine);
    let check = cmd(&pristine, &["check"]);
    assert_eq!(check.code, Some(0), "pristine archive: {}", check.stdout);
    let len = std::fs::metadata(pristine.join("store.redb"))
        .unwrap()
        .len();
    let seed = 0x5EED_CAB1_E5C0_7E00u64;
    let mut rng = Rng(seed);
    let (mut unchanged, mut reported, mut silent) = (0, 0, Vec::new());
    for i in 0..32 {
        let at = rng.next() % len;
        let bit = 1u8 << (rng.next() % 8);
        let data = dir.path().join(format!("flip-{i}"));
        copy_dir(&pristine, &data);
        let p = data.join("store.redb");
        let mut bytes = std::fs::read(&p).unwrap();
        bytes[at as usize] ^= bit;
        std::fs::write(&p, bytes).unwrap();
        let ex = cmd(&data, &["export"]);
        no_panic(&ex, &format!("flip {i} at {at}"));
        let mut lines: Vec<String> = ex.stdout.lines().map(str::to_string).collect();
        lines.sort();
        let ck = cmd(&data, &["check"]);
        no_panic(&ck, &format!("check after flip {i} at {at}"));
        if ex.code == Some(0) && lines == baseline {
            unchanged += 1;
        } else if ex.code != Some(0) || ck.code != Some(0) {
            reported += 1;
        } else {
            silent.push(format!("flip {i} at byte {at} (bit {bit:#04x})"));
        }
        std::fs::remove_dir_all(&data).unwrap();
    }
    println!(
        "byte flips in the store of {what} ({len} bytes, seed {seed:#x}): 32 flips, {unchanged} \
         changed no answer, {reported} reported, {} silent",
        silent.len()
    );
    assert!(silent.is_empty(), "silent changes: {silent:?}");
}
