package dev.morph.html;

/** Escaping for text put into HTML, and for JSON put inside a {@code <script>} element. */
public final class Html {
    private Html() {
    }

    /** {@code text} as HTML text or a quoted attribute value: markup characters become entities. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON made safe inside a {@code <script>} element: no {@code <}, {@code >} or {@code &} (so no
     * {@code </script>} or comment can end it), no line separators JavaScript would choke on. Those
     * characters occur in JSON only inside strings, where the escapes mean the same.
     */
    public static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
