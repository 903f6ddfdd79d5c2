// Package serve serves the site on a loopback address while the author
// works, rebuilding it when the ISMS changes and reloading the open page
// over server-sent events. The reload script and the preview banner are
// added as pages are served, so they never reach a built site.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/go-git/go-git/v5"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/config"
)

// Banner is shown on every page of a working-tree preview.
const Banner = "Preview of uncommitted changes — not a controlled copy"

// Options say what to serve.
type Options struct {
	// Build names the repository, ref and configuration; Out and NoPDF
	// are the server's own.
	Build build.Options
	// Worktree serves the working tree as it is now, uncommitted edits
	// included, instead of the commit at Build.Ref.
	Worktree bool
	// Log receives a line per rebuild; nil discards them.
	Log io.Writer
	// Now is the clock for the preview commit; nil means time.Now.
	Now func() time.Time
}

// Server rebuilds the site into a temporary directory and serves the
// newest build.
type Server struct {
	o              Options
	root, gitDir   string
	common, tmp    string
	mu             sync.Mutex
	dir            string // the newest successful build
	gen            int    // counts rebuilds, successful or not
	err            error  // why the newest rebuild failed, if it did
	subs           map[chan int]struct{}
	rebuildRequest chan struct{}
}

// New finds the repository and makes the first build. A repository that
// cannot be found is an error; a build that fails is shown in the page.
func New(o Options) (*Server, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	dir := o.Build.Dir
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s does not exist or is not a directory: give the repository's directory with --repo", dir)
	}
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, fmt.Errorf("no git repository at %s or any parent: run ismspack init, or pass --repo DIR", dir)
	}
	s := &Server{o: o, subs: map[chan int]struct{}{}, rebuildRequest: make(chan struct{}, 1)}
	if wt, err := repo.Worktree(); err == nil {
		s.root = wt.Filesystem.Root()
		s.gitDir = filepath.Join(s.root, ".git")
		if b, err := os.ReadFile(s.gitDir); err == nil { // a linked worktree: .git names the git directory
			if g, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir: "); ok {
				s.gitDir = g
				if !filepath.IsAbs(g) {
					s.gitDir = filepath.Join(s.root, g)
				}
			}
		}
	} else if o.Worktree {
		return nil, fmt.Errorf("%s is a bare repository: --worktree needs a working tree", dir)
	} else {
		s.gitDir, _ = filepath.Abs(dir)
	}
	s.common = s.gitDir
	if b, err := os.ReadFile(filepath.Join(s.gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(b))
		if !filepath.IsAbs(c) {
			c = filepath.Join(s.gitDir, c)
		}
		s.common = c
	}
	if s.tmp, err = os.MkdirTemp("", "ismspack-serve-"); err != nil {
		return nil, err
	}
	s.Rebuild()
	return s, nil
}

// Close removes the builds.
func (s *Server) Close() error { return os.RemoveAll(s.tmp) }

// Rebuild builds the site again (no PDF, for speed) and tells open pages
// to reload. A failed build keeps the previous site and shows why.
func (s *Server) Rebuild() {
	start := time.Now()
	s.mu.Lock()
	n := s.gen + 1
	s.mu.Unlock()
	o := s.o.Build
	o.NoPDF = true
	o.Out = filepath.Join(s.tmp, fmt.Sprintf("site-%d", n))
	var err error
	if s.o.Worktree {
		o.Ref, err = snapshotCommit(s.root, s.o.Now())
	}
	if err == nil {
		_, err = build.Build(o)
	}
	s.mu.Lock()
	old := ""
	s.gen = n
	s.err = err
	if err == nil {
		old, s.dir = s.dir, o.Out
	}
	for ch := range s.subs {
		select {
		case ch <- n:
		default:
		}
	}
	s.mu.Unlock()
	if old != "" {
		// Pages being sent from the old build may fail; the reload that
		// follows fetches them from the new one.
		os.RemoveAll(old)
	}
	if err != nil {
		fmt.Fprintf(s.o.Log, "rebuild failed, still serving the previous build: %v\n", err)
		return
	}
	fmt.Fprintf(s.o.Log, "rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
}

// Handler serves the newest build and the reload events.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/_ismspack/events", s.events)
	mux.HandleFunc("/", s.page)
	return mux
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	dir, gen, berr := s.dir, s.gen, s.err
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	p := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") {
		p = path.Join(p, "index.html")
	}
	if dir == "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(s.inject([]byte("<!doctype html><html><head><meta charset=utf-8><title>ismspack serve</title></head><body></body></html>"), gen, berr, false))
		return
	}
	f := filepath.Join(dir, filepath.FromSlash(p))
	fi, err := os.Stat(f)
	if err == nil && fi.IsDir() {
		f = filepath.Join(f, "index.html")
		p = path.Join(p, "index.html")
	}
	if !strings.HasSuffix(p, ".html") {
		http.ServeFile(w, r, f)
		return
	}
	b, err := os.ReadFile(f)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(s.inject(b, gen, berr, true))
}

// inject adds the banner or build error after <body> and the reload
// script before </body>.
func (s *Server) inject(page []byte, gen int, berr error, previous bool) []byte {
	var top bytes.Buffer
	if s.o.Worktree {
		top.WriteString(`<div id="ismspack-preview" role="status" style="background:#fff3cd;color:#4d3800;border-bottom:2px solid #d9a400;padding:.5rem 1rem;font:600 1rem/1.4 system-ui,sans-serif;text-align:center">` + Banner + `</div>`)
	}
	if berr != nil {
		fmt.Fprintf(&top, `<div id="ismspack-build-error" role="alert" style="background:#fde8e8;color:#6b0d0d;border-bottom:2px solid #c81e1e;padding:.75rem 1rem;font:1rem/1.4 system-ui,sans-serif">`+
			`<strong>The last change did not build.</strong> %s Fix it and save; this page reloads by itself.`+
			`<pre style="white-space:pre-wrap;margin:.5rem 0 0">%s</pre></div>`,
			map[bool]string{true: "This is the previous build.", false: "There is no earlier build to show."}[previous], html.EscapeString(berr.Error()))
	}
	script := fmt.Sprintf(`<script>(function(){var g=%d,es=new EventSource("/_ismspack/events");es.onmessage=function(e){if(+e.data!==g){es.close();location.reload();}};})();</script>`, gen)
	out := make([]byte, 0, len(page)+top.Len()+len(script))
	at := 0
	if i := bytes.Index(page, []byte("<body")); i >= 0 {
		if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
			at = i + j + 1
		}
	}
	out = append(out, page[:at]...)
	out = append(out, top.Bytes()...)
	rest := page[at:]
	if i := bytes.LastIndex(rest, []byte("</body>")); i >= 0 {
		out = append(out, rest[:i]...)
		out = append(out, script...)
		return append(out, rest[i:]...)
	}
	out = append(out, rest...)
	return append(out, script...)
}

// events streams the build generation; a page reloads when it differs
// from the one it was built with.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan int, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	gen := s.gen
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "retry: 500\ndata: %d\n\n", gen)
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case g := <-ch:
			fmt.Fprintf(w, "data: %d\n\n", g)
			fl.Flush()
		}
	}
}

// Watch rebuilds on change until ctx ends: on a commit or checkout (HEAD
// and refs), and in worktree mode on any save under the content
// directory or to the configuration.
func (s *Server) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching for changes: %w", err)
	}
	defer w.Close()
	add := func(dir string, recursive bool) {
		if !recursive {
			w.Add(dir)
			return
		}
		filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
			if err == nil && e.IsDir() {
				if p != dir && strings.HasPrefix(e.Name(), ".") {
					return filepath.SkipDir
				}
				w.Add(p)
			}
			return nil
		})
	}
	add(s.gitDir, false)
	add(s.common, false)
	add(filepath.Join(s.common, "refs"), true)
	if s.o.Worktree {
		add(s.root, false)
		if cfg, err := config.FromWorktree(s.root); err == nil && path.Clean(cfg.Content) != "." {
			add(filepath.Join(s.root, filepath.FromSlash(cfg.Content)), true)
		}
	}
	builder := make(chan struct{})
	go func() {
		defer close(builder)
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.rebuildRequest:
				s.Rebuild()
			}
		}
	}()
	defer func() { <-builder }() // no rebuild outlives Watch
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			fmt.Fprintf(s.o.Log, "watching: %v\n", err)
		case ev := <-w.Events:
			if !s.matters(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					add(ev.Name, true)
				}
			}
			// Wait for the save (or git's rename of its lock files) to settle.
			if timer == nil {
				timer = time.AfterFunc(60*time.Millisecond, s.requestRebuild)
			} else {
				timer.Reset(60 * time.Millisecond)
			}
		}
	}
}

func (s *Server) requestRebuild() {
	select {
	case s.rebuildRequest <- struct{}{}:
	default: // one is pending; it will see this change too
	}
}

// matters reports whether a change to name can change the site.
func (s *Server) matters(name string) bool {
	base := filepath.Base(name)
	if strings.HasSuffix(base, ".lock") || strings.HasSuffix(base, "~") || strings.HasPrefix(base, ".#") {
		return false
	}
	dir := filepath.Dir(name)
	switch {
	case dir == s.gitDir || dir == s.common:
		return base == "HEAD" || base == "packed-refs" || base == "refs"
	case strings.HasPrefix(name, filepath.Join(s.common, "refs")+string(filepath.Separator)):
		return true
	case strings.HasPrefix(name, s.gitDir+string(filepath.Separator)) || strings.HasPrefix(name, s.common+string(filepath.Separator)):
		return false
	case !s.o.Worktree:
		return false
	case dir == s.root:
		return base == "ismspack.yaml" || base == ".ismspack.yaml"
	}
	return !strings.HasPrefix(base, ".")
}

// Run serves on addr until ctx ends. ready, if set, is called with the
// site's URL once the server listens.
func Run(ctx context.Context, o Options, addr string, ready func(url string)) error {
	s, err := New(o)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w; choose another address with --addr", addr, err)
	}
	// Requests inherit ctx, so open event streams end with the server.
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if ready != nil {
		ready("http://" + ln.Addr().String() + "/")
	}
	werr := s.Watch(ctx)
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(shut)
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return werr
}
