// Command yamlv3-oracle says, for each file, whether upstream's KEP parser accepts it as YAML.
//
// It reads kep.yaml files the way kubernetes/enhancements' api.KEPHandler.Parse does (line by
// line with bufio.Scanner, each line re-terminated with "\n"; a line containing "---" is a
// document separator and only the lines between the first two such lines are kept) and decodes
// the result with gopkg.in/yaml.v3 into a yaml.Node. Decoding into a Node keeps the verdict to
// YAML syntax: unknown keys, duplicate keys and type mismatches (upstream's struct decoding) are
// kep-ls rules of their own.
//
// Usage: yamlv3-oracle < list-of-paths
// Output: one line per input path, "accept\tPATH" or "reject\tPATH\tMESSAGE".
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// metadata returns the text upstream hands to yaml.Unmarshal.
func metadata(data []byte) ([]byte, error) {
	scanner := bufio.NewScanner(bytes.NewReader(data))
	count := 0
	var meta, body bytes.Buffer
	for scanner.Scan() {
		line := scanner.Text() + "\n"
		if strings.Contains(line, "---") {
			count++
			continue
		}
		if count == 1 {
			meta.WriteString(line)
		} else {
			body.WriteString(line)
		}
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("reading file: %w", err)
	}
	if count == 0 {
		return body.Bytes(), nil
	}
	return meta.Bytes(), nil
}

func verdict(path string) (bool, string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return false, err.Error()
	}
	meta, err := metadata(data)
	if err != nil {
		return false, err.Error()
	}
	var node yaml.Node
	if err := yaml.Unmarshal(meta, &node); err != nil {
		return false, strings.ReplaceAll(err.Error(), "\n", " ")
	}
	return true, ""
}

func main() {
	paths := bufio.NewScanner(os.Stdin)
	paths.Buffer(make([]byte, 1<<16), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for paths.Scan() {
		path := paths.Text()
		if path == "" {
			continue
		}
		if ok, message := verdict(path); ok {
			fmt.Fprintf(out, "accept\t%s\n", path)
		} else {
			fmt.Fprintf(out, "reject\t%s\t%s\n", path, message)
		}
	}
	if err := paths.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "reading the list of paths:", err)
		os.Exit(2)
	}
}
