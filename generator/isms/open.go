package isms

import (
	"crypto/sha256"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/internal/progress"
	"github.com/ismspack/ismspack/generator/source"
)

// Options say which repository, ref and configuration to load.
type Options struct {
	// Dir is where to look for the repository (it or a parent).
	Dir string
	// Ref is the branch, tag or commit to read; empty means HEAD.
	Ref string
	// ConfigFile, when set, is read from disk instead of from the commit.
	ConfigFile string
	// Config, when set, is used as it is: no file is read.
	Config *config.Config
	// Theme is a theme directory on disk that the operator named (--theme,
	// ISMSPACK_THEME); it replaces the configuration's theme.
	Theme string
	// Fonts are TrueType files on disk that the operator named (--font);
	// they are tried before the configuration's fonts.
	Fonts []string
	// Content overrides the content directory.
	Content string
	// Env holds ISMSPACK_* variables, passed in rather than read.
	Env map[string]string
	// AsOf is the date reviews are judged against.
	AsOf time.Time
	// At, when set, reads the newest commit on Ref's first-parent line
	// made on or before that day instead of Ref itself.
	At time.Time
	// Since names an earlier ref (the last audit's tag, say) whose
	// documents the changes page compares with.
	Since string
	// RefName and SinceName, when set, are what the output calls Ref and
	// Since: verify rebuilds a pack from the commits it names, under the
	// names the pack shows.
	RefName, SinceName string
	// Log receives progress lines; nil discards them.
	Log io.Writer
	// Progress shows the walk's progress on a terminal; nil shows nothing.
	Progress *progress.Meter
	// Cache, when set, holds the last history walk: a walk from a
	// descendant of its tip reads only the new commits. An old revision
	// whose facts the cache holds is then not read from the repository
	// unless something asks for its text (Revision.Source): a model loaded
	// so keeps the repository open until it is garbage collected.
	Cache *cache.Cache
}

// Open reads a repository at a ref, with the configuration committed there
// unless one is given, and loads the model.
func Open(o Options) (*Model, error) {
	log := o.Log
	if log == nil {
		log = io.Discard
	}
	start := time.Now()
	// The built-in frameworks and fonts are decoded once per process,
	// whatever the repository: begun now, that runs beside the reading of
	// the cache and the history rather than after it.
	go framework.Builtin()
	go fonts.DejaVu()
	repo, err := source.Open(o.Dir)
	if err != nil {
		return nil, err
	}
	keep := false // the model reads old revisions from repo
	defer func() {
		if !keep {
			repo.Close()
		}
	}()
	commit, err := repo.Resolve(o.Ref)
	if err != nil {
		return nil, err
	}
	if !o.At.IsZero() {
		if commit, err = repo.Before(commit, o.At); err != nil {
			return nil, err
		}
	}
	cfg, configSum, err := loadConfig(repo, commit, o)
	if err != nil {
		return nil, err
	}
	ref := repo.RefName(o.Ref, commit)
	if o.RefName != "" {
		ref = o.RefName
	}
	sel, err := cfg.Selector()
	if err != nil {
		return nil, err
	}
	o.Progress.Stage("walking the history", "commits", 0)
	repo.Progress = o.Progress.Set
	var tip *early
	opt := documentOptions(cfg)
	revs := &revisions{many: repo.Blobs}
	revKey := revCacheKey(repo.Root, opt)
	walkKey := cache.Key(repo.Root, sel.ID())
	// The cache's three kinds of entry about the history are read at
	// once: each is a file to read and decode, and none needs another.
	var parsed *parsedDocs
	var prev *source.WalkState
	var reads sync.WaitGroup
	reads.Go(func() { parsed = openParsed(o.Cache, revKey, opt, sel) })
	reads.Go(func() { revs.facts = openRevCache(o.Cache, revKey) })
	reads.Go(func() { prev = readWalk(o.Cache, walkKey) })
	reads.Wait()
	if parsed != nil {
		repo.Known = parsed.known
	}
	repo.FilesRead = func(files []source.File) { tip = parseEarly(files, sel, opt, parsed) }
	if revs.facts != nil {
		repo.Need = func(p, blob string) bool { return !revs.facts.has(p, blob) }
		revs.one = func(blob string) []byte {
			b, _ := repo.Blob(blob) // a blob that cannot be read is a revision without text
			return b
		}
	}
	snap, err := readSnapshot(repo, ref, commit, sel, prev, log)
	o.Progress.Done()
	if err != nil {
		tip.wait()
		return nil, err
	}
	// The walk is left in the cache for the next build while this one
	// goes on.
	var saves sync.WaitGroup
	defer saves.Wait()
	if o.Cache != nil && snap.Resumed != source.SameTip {
		walk := snap.Walk
		saves.Go(func() {
			if data, err := walk.Encode(); err == nil {
				o.Cache.Put("walk", walkKey, data)
			}
		})
	}
	snap.Walk = nil
	sets, err := readFrameworks(repo, commit, cfg)
	if err != nil {
		return nil, err
	}
	in, err := readInputs(repo, commit, cfg, o)
	if err != nil {
		return nil, err
	}
	in.ConfigSum = configSum
	o.Progress.Stage("parsing the documents", "", 0)
	m, err := load(snap, cfg, sets, o.AsOf, in, tip, revs)
	o.Progress.Done()
	if err != nil {
		return nil, err
	}
	saves.Go(func() { revs.facts.save(o.Cache, revKey) })
	saves.Go(func() { parsed.save(o.Cache, revKey, m) })
	if revs.one != nil {
		keep = true
		runtime.AddCleanup(m, func(r *source.Repo) { r.Close() }, repo)
	}
	if o.Since != "" {
		if m.Base, err = readBase(repo, o.Since, cfg); err != nil {
			return nil, err
		}
		if o.SinceName != "" {
			m.Base.Ref = o.SinceName
		}
		m.Changes = m.since()
	}
	resumed := ""
	switch snap.Resumed {
	case source.Spliced:
		resumed = ", the older ones from the cache"
	case source.SameTip:
		resumed = ", from the cache"
	}
	fmt.Fprintf(log, "read %d documents and %d commits%s at %s (%s) in %s\n", len(m.Docs), snap.Commits, resumed, ref, snap.Commit.Short(), time.Since(start).Round(time.Millisecond))
	if line := SkippedLine(m.Skipped); line != "" {
		fmt.Fprintln(log, line)
	}
	return m, nil
}

// readWalk reads the last history walk kept in c under key; nil when
// there is none or it cannot be read (noted).
func readWalk(c *cache.Cache, key string) *source.WalkState {
	data, ok := c.Get("walk", key)
	if !ok {
		return nil
	}
	prev, err := source.DecodeWalkState(data)
	if err != nil {
		c.Note("walk", "decode", fmt.Sprintf("cache: the cached history walk cannot be read (%v); reading the history again", err))
		return nil
	}
	return prev
}

// readSnapshot reads the snapshot, resuming the history walk from prev,
// the cache's, when not nil.
func readSnapshot(repo *source.Repo, ref string, commit *object.Commit, sel *source.Selector, prev *source.WalkState, log io.Writer) (*source.Snapshot, error) {
	snap, err := repo.ReadFrom(ref, commit, sel, prev)
	if err != nil {
		return nil, err
	}
	if snap.Resumed == source.Rewritten {
		fmt.Fprintf(log, "cache: the cached history ends at %s, which is not in the history of %s (rewritten or force-pushed); read the history again\n", prev.Tip[:7], snap.Commit.Short())
	}
	return snap, nil
}

// loadConfig applies the precedence: flags > ISMSPACK_* > ismspack.yaml
// (from the commit, or from disk when named) > defaults. sum is the
// SHA-256 of a file read from disk, empty otherwise.
func loadConfig(repo *source.Repo, commit *object.Commit, o Options) (cfg config.Config, sum string, err error) {
	if o.Config != nil {
		cfg = *o.Config
		cfg.FillDefaults()
		return cfg, "", cfg.Validate()
	}
	cfg = config.Default()
	var name string
	var data []byte
	if o.ConfigFile != "" {
		b, err := ReadLocalFile(o.ConfigFile, MaxConfigSize)
		if err != nil {
			return cfg, "", fmt.Errorf("reading config: %w", err)
		}
		name, data = o.ConfigFile, b
		sum = fmt.Sprintf("%x", sha256.Sum256(b))
	} else {
		for _, n := range config.FileNames {
			b, err := repo.ReadFile(commit, n)
			if err != nil {
				return cfg, "", err
			}
			if b != nil {
				name, data = n, b
				break
			}
		}
	}
	if name != "" {
		if cfg, err = config.Parse(name, data); err != nil {
			return cfg, "", err
		}
	}
	if err := cfg.ApplyEnv(o.Env); err != nil {
		return cfg, "", err
	}
	if o.Content != "" {
		cfg.Content = o.Content
		cfg.FillDefaults()
		if err := cfg.Validate(); err != nil {
			return cfg, "", err
		}
	}
	return cfg, sum, nil
}

// readBase reads the documents at an earlier ref: the id, title and
// version each had, without history.
func readBase(repo *source.Repo, ref string, cfg config.Config) (*Base, error) {
	c, err := repo.Resolve(ref)
	if err != nil {
		return nil, fmt.Errorf("--since: %w", err)
	}
	sel, err := cfg.Selector()
	if err != nil {
		return nil, err
	}
	files, err := repo.Files(c, cfg.Content)
	if err != nil {
		return nil, err
	}
	b := &Base{Ref: ref, Commit: source.CommitOf(c)}
	opt := cfg.DocumentOptions()
	for _, f := range files {
		if !sel.IsDocument(f.Path) || f.Data == nil {
			continue
		}
		r := document.ParseRevision(f.Path, f.Data, opt, "id", "title")
		b.Docs = append(b.Docs, BaseDoc{Path: f.Path, Blob: f.Blob, ID: r.Values["id"], Title: r.Values["title"], Version: r.Version})
	}
	return b, nil
}

// SkippedLine is the one line that says which files were not read, and
// how to read them; empty when none were skipped.
func SkippedLine(skipped []source.Skipped) string {
	if len(skipped) == 0 {
		return ""
	}
	n := 0
	var pats []string
	for _, g := range skipped {
		n += len(g.Paths)
		pats = append(pats, g.Pattern)
	}
	files := "files"
	if n == 1 {
		files = "file"
	}
	if len(pats) == 1 {
		return fmt.Sprintf("skipped %d %s: %s is not included; add **/%s to include in ismspack.yaml", n, files, pats[0], pats[0])
	}
	list := strings.Join(pats[:len(pats)-1], ", ") + " and " + pats[len(pats)-1]
	return fmt.Sprintf("skipped %d %s: %s are not included; add those you mean to include in ismspack.yaml, like **/%s", n, files, list, pats[0])
}
