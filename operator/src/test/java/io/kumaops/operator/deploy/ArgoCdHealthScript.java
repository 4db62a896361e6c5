package io.kumaops.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * Runs an Argo CD health script with LuaJ the way Argo CD's Lua VM (util/lua/lua.go in argoproj/argo-cd) does: the
 * object as the global {@code obj}, the returned table read as {@code {status, message}}, a status that is not one
 * of Argo CD's health codes turned into {@code Unknown} with Argo CD's message.
 *
 * <p>Only the libraries Argo CD opens for a script from argocd-cm without {@code useOpenLibs} are loaded: base,
 * table and package (Argo CD also adds a reduced {@code os}, which the script does not use). A script that passes
 * here therefore also runs from {@code argocd-cm-patch.yaml}, where the standard libraries are off.
 */
final class ArgoCdHealthScript {

    /** gitops-engine's health codes (pkg/health/health.go). */
    static final Set<String> HEALTH_CODES = Set.of("Unknown", "Progressing", "Healthy", "Suspended", "Degraded", "Missing");
    static final String INVALID_STATUS_MESSAGE = "Lua returned an invalid health status";

    record Health(String status, String message) {
    }

    /** Receives the line numbers the script executes. */
    interface LineListener {
        void executed(int line);
    }

    private ArgoCdHealthScript() {
    }

    static Health run(String script, String chunkName, JsonNode obj, LineListener lines) {
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        LoadState.install(globals);
        LuaC.install(globals);
        LuaValue sethook = LuaValue.NIL;
        if (lines != null) {
            // The hook needs the debug library installed; the script itself does not get to see it.
            globals.load(new DebugLib());
            sethook = globals.get("debug").get("sethook");
            globals.set("debug", LuaValue.NIL);
            globals.get("package").get("loaded").set("debug", LuaValue.NIL);
        }
        globals.set("obj", toLua(obj));
        LuaValue chunk = globals.load(script, chunkName);
        if (lines != null) {
            sethook.call(new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    lines.executed(args.checkint(2));
                    return NONE;
                }
            }, LuaValue.valueOf("l"));
        }
        LuaValue result;
        try {
            result = chunk.call();
        } finally {
            if (lines != null) {
                sethook.call();
            }
        }
        if (result.isnil()) {
            return new Health("", "");
        }
        if (!result.istable()) {
            throw new IllegalStateException("the health script must return a table, not " + result.typename());
        }
        String status = string(result.get("status"), "status");
        String message = string(result.get("message"), "message");
        if (!HEALTH_CODES.contains(status)) {
            return new Health("Unknown", INVALID_STATUS_MESSAGE);
        }
        return new Health(status, message);
    }

    private static String string(LuaValue value, String field) {
        if (value.isnil()) {
            return "";
        }
        if (value.type() != LuaValue.TSTRING) {
            throw new IllegalStateException("the health script's " + field + " must be a string, not " + value.typename());
        }
        return value.tojstring();
    }

    /** JSON to Lua as Argo CD's decodeValue does it: objects and arrays become tables (arrays from 1), null nil. */
    static LuaValue toLua(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return LuaValue.NIL;
        }
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                table.set(field.getKey(), toLua(field.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, toLua(node.get(i)));
            }
            return table;
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.booleanValue());
        }
        if (node.isIntegralNumber()) {
            return LuaInteger.valueOf(node.longValue());
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.doubleValue());
        }
        return LuaValue.valueOf(node.asText());
    }
}
