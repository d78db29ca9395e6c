// Runs Porcupine (the Go checker, from a local checkout given in go.mod's replace) on Jepsen's
// etcd logs, for bench/linearizability: the same files, the same single-register semantics as
// Porcupine's own etcd test, timed the same way as ours (parsing excluded, median of rounds).
// Usage: porcupine-driver ROUNDS TIMEOUT_MS FILE... (0: no timeout). Prints one JSON object.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/anishathalye/porcupine"
)

type input struct {
	f        string // read, write, cas
	from, to int    // write uses from
}

type output struct {
	ok      bool // cas succeeded
	found   bool // read saw a value (not nil)
	value   int
	unknown bool // timed out or never completed
}

// A Jepsen log line: process, type, f, value.
var line = regexp.MustCompile(`^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*?)\s*$`)
var pair = regexp.MustCompile(`^\[(\d+)\s+(\d+)\]$`)

func parse(path string) []porcupine.Event {
	file, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	defer file.Close()
	var events []porcupine.Event
	open := map[int]int{} // process -> op id
	next := 0
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		m := line.FindStringSubmatch(scanner.Text())
		if m == nil {
			continue
		}
		process, _ := strconv.Atoi(m[1])
		kind, f, value := m[2], m[3], m[4]
		switch {
		case kind == "invoke":
			in := input{f: f}
			if f == "write" {
				in.from, _ = strconv.Atoi(value)
			} else if f == "cas" {
				p := pair.FindStringSubmatch(value)
				in.from, _ = strconv.Atoi(p[1])
				in.to, _ = strconv.Atoi(p[2])
			}
			open[process] = next
			events = append(events, porcupine.Event{ClientId: process, Kind: porcupine.CallEvent, Value: in, Id: next})
			next++
		case kind == "info":
			// Timed out: stays open, completed with an unknown output at the end.
		default:
			id, ok := open[process]
			if !ok {
				continue
			}
			delete(open, process)
			out := output{ok: kind == "ok"}
			if f == "read" && kind == "fail" {
				out.unknown = true
			} else if f == "read" && value != "nil" {
				out.found = true
				out.value, _ = strconv.Atoi(value)
			}
			events = append(events, porcupine.Event{ClientId: process, Kind: porcupine.ReturnEvent, Value: out, Id: id})
		}
	}
	ids := make([]int, 0, len(open))
	for _, id := range open {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		events = append(events, porcupine.Event{Kind: porcupine.ReturnEvent, Value: output{unknown: true}, Id: id})
	}
	return events
}

const none = -1 << 31 // the register before any write (nil)

var etcd = porcupine.Model{
	Init: func() interface{} { return none },
	Step: func(state, in, out interface{}) (bool, interface{}) {
		s, i, o := state.(int), in.(input), out.(output)
		switch i.f {
		case "read":
			return o.unknown || (!o.found && s == none) || (o.found && s == o.value), s
		case "write":
			return true, i.from
		default:
			next := s
			if s == i.from {
				next = i.to
			}
			return o.unknown || (o.ok == (s == i.from)), next
		}
	},
	Hash: func(state interface{}) uint64 { return uint64(state.(int)) },
}

type result struct {
	File   string  `json:"file"`
	Valid  string  `json:"valid"` // Ok, Illegal or Unknown
	WallMs float64 `json:"wallMs"`
	CpuMs  float64 `json:"cpuMs"`
}

// CPU time of the whole process (GC threads included), in ms: steadier than wall time on a
// shared machine.
func cpuMs() float64 {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return float64(u.Utime.Nano()+u.Stime.Nano()) / 1e6
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[(len(xs)-1)/2]
}

func main() {
	rounds, _ := strconv.Atoi(os.Args[1])
	timeoutMs, _ := strconv.Atoi(os.Args[2])
	var results []result
	for _, path := range os.Args[3:] {
		events := parse(path)
		wall := make([]float64, rounds)
		cpu := make([]float64, rounds)
		var valid porcupine.CheckResult
		for r := 0; r < rounds; r++ {
			start, startCpu := time.Now(), cpuMs()
			valid = porcupine.CheckEventsTimeout(etcd, events, time.Duration(timeoutMs)*time.Millisecond)
			wall[r] = float64(time.Since(start).Nanoseconds()) / 1e6
			cpu[r] = cpuMs() - startCpu
		}
		results = append(results, result{File: path[strings.LastIndex(path, "/")+1:], Valid: string(valid), WallMs: median(wall), CpuMs: median(cpu)})
	}
	status, _ := os.ReadFile("/proc/self/status")
	peakKb := 0
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:")), "%d", &peakKb)
		}
	}
	json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"results": results, "peakKb": peakKb})
}
