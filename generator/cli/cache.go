package cli

import (
	"fmt"

	"github.com/ismspack/ismspack/generator/cache"
)

// openCache opens --cache, else $ISMSPACK_CACHE, else the user cache
// directory; none with --no-cache, or when the environment names no
// cache directory.
func (c *common) openCache(s *Streams) (*cache.Cache, error) {
	if c.noCache {
		return nil, nil
	}
	dir := c.cache
	if dir == "" {
		dir = s.Env["ISMSPACK_CACHE"]
	}
	if dir == "" {
		if dir = cache.DefaultDir(s.Env); dir == "" {
			return nil, nil
		}
	}
	cc, err := cache.Open(s.abs(dir), cache.Options{Log: s.Err})
	if err != nil {
		if c.cache != "" {
			return nil, usageError{fmt.Errorf("--cache %s: %w", c.cache, err)}
		}
		fmt.Fprintf(s.Err, "cache: %v; building without it\n", err)
		return nil, nil
	}
	return cc, nil
}
