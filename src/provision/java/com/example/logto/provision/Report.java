package com.example.logto.provision;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the command did, line by line as it happens: {@code +} created, {@code ~} updated, {@code =} already as
 * wanted, and in a dry run the same lines as "would ...". Every change is remembered so that a failure half-way
 * can list what was already done in Logto ({@link #failed}); nothing is rolled back, because a second run
 * finds what exists and finishes the work.
 */
final class Report {

    private final PrintStream out;
    private final boolean dryRun;
    private final List<String> changes = new ArrayList<>();

    Report(PrintStream out, boolean dryRun) {
        this.out = out;
        this.dryRun = dryRun;
    }

    boolean dryRun() {
        return dryRun;
    }

    void created(String what) {
        change("+ " + (dryRun ? "would create " : "created ") + what);
    }

    void updated(String what) {
        change("~ " + (dryRun ? "would update " : "updated ") + what);
    }

    void unchanged(String what) {
        out.println("= " + what);
    }

    void note(String text) {
        out.println("  " + text);
    }

    private void change(String line) {
        changes.add(line);
        out.println(line);
    }

    void finished() {
        if (changes.isEmpty()) {
            out.println("Nothing to change: Logto already matches.");
        } else if (dryRun) {
            out.println("Dry run: " + changes.size() + " change(s) planned, none made. Run without --dry-run to apply.");
        } else {
            out.println(changes.size() + " change(s) made.");
        }
    }

    void failed(String problem) {
        out.println("FAILED: " + problem);
        if (dryRun) {
            return;
        }
        if (changes.isEmpty()) {
            out.println("Nothing was changed in Logto before the failing call.");
        } else {
            out.println("Changes made before the failure (they stay; run the command again to finish the rest):");
            changes.forEach(line -> out.println("  " + line));
        }
        out.println("A call that got no answer may still have taken effect; the next run finds what exists.");
    }
}
