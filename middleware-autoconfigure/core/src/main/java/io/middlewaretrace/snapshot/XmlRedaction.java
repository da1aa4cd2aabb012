package io.middlewaretrace.snapshot;

import io.middlewaretrace.context.Snapshot;
import java.util.Set;

/**
 * A deliberately simple XML redaction, without a parser: the content of every element whose
 * local name is sensitive (nested elements included) becomes {@link Snapshot#MASK}, and so does
 * the value of every sensitive attribute. Comments, CDATA sections and processing instructions
 * are skipped over when looking for an element's end. When a tag or a sensitive element does
 * not end within the text (a truncated prefix), the text stops there with a marker.
 */
final class XmlRedaction {

	private XmlRedaction() {
	}

	static String redact(String xml, boolean truncated, Set<String> names) {
		StringBuilder out = new StringBuilder(xml.length() + 16);
		String stop = truncated ? BodyMarkers.TRUNCATED : BodyMarkers.UNPARSABLE;
		int length = xml.length();
		int i = 0;
		while (i < length) {
			int lt = xml.indexOf('<', i);
			if (lt < 0) {
				out.append(xml, i, length);
				break;
			}
			out.append(xml, i, lt);
			int skipped = skipMarkup(xml, lt);
			if (skipped != lt) {
				int end = (skipped < 0) ? length : skipped;
				out.append(xml, lt, end);
				i = end;
				continue;
			}
			int nameEnd = nameEnd(xml, lt + 1);
			String name = xml.substring(lt + 1, nameEnd);
			int gt = tagEnd(xml, nameEnd);
			if (gt < 0) {
				// attributes may hold half a secret
				return out.append('<').append(name).append(stop).toString();
			}
			out.append('<').append(name);
			appendAttributes(xml, nameEnd, gt, names, out);
			i = gt + 1;
			if (xml.charAt(gt - 1) != '/' && names.contains(localName(name))) {
				out.append(Snapshot.MASK);
				int close = closingTag(xml, i, name);
				if (close < 0) {
					return out.append(stop).toString();
				}
				i = close;
			}
		}
		return truncated ? out.append(BodyMarkers.TRUNCATED).toString() : out.toString();
	}

	/**
	 * Returns the index after the comment, CDATA section, declaration, processing instruction
	 * or end tag at {@code lt}; {@code lt} itself for a start tag; -1 if it does not end.
	 */
	private static int skipMarkup(String xml, int lt) {
		if (xml.startsWith("<!--", lt)) {
			return after(xml, lt + 4, "-->");
		}
		if (xml.startsWith("<![CDATA[", lt)) {
			return after(xml, lt + 9, "]]>");
		}
		if (xml.startsWith("<?", lt) || xml.startsWith("<!", lt) || xml.startsWith("</", lt)) {
			return after(xml, lt + 1, ">");
		}
		return lt;
	}

	private static int after(String xml, int from, String end) {
		int at = xml.indexOf(end, from);
		return (at < 0) ? -1 : at + end.length();
	}

	private static int nameEnd(String xml, int from) {
		int i = from;
		while (i < xml.length()) {
			char c = xml.charAt(i);
			if (Character.isWhitespace(c) || c == '/' || c == '>') {
				break;
			}
			i++;
		}
		return i;
	}

	/**
	 * Returns the index of the {@code '>'} closing the tag, outside quoted attribute values,
	 * or -1.
	 */
	private static int tagEnd(String xml, int from) {
		char quote = 0;
		for (int i = from; i < xml.length(); i++) {
			char c = xml.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '"' || c == '\'') {
				quote = c;
			}
			else if (c == '>') {
				return i;
			}
		}
		return -1;
	}

	private static void appendAttributes(String xml, int from, int gt, Set<String> names, StringBuilder out) {
		int i = from;
		while (i <= gt) {
			char c = xml.charAt(i);
			if (c != '"' && c != '\'') {
				out.append(c);
				i++;
				continue;
			}
			int end = xml.indexOf(c, i + 1);
			if (names.contains(localName(attributeName(xml, i)))) {
				out.append(c).append(Snapshot.MASK).append(c);
			}
			else {
				out.append(xml, i, end + 1);
			}
			i = end + 1;
		}
	}

	/**
	 * Returns the name of the attribute whose quoted value starts at {@code quote}.
	 */
	private static String attributeName(String xml, int quote) {
		int i = quote - 1;
		while (i > 0 && Character.isWhitespace(xml.charAt(i))) {
			i--;
		}
		if (xml.charAt(i) != '=') {
			return "";
		}
		i--;
		while (i > 0 && Character.isWhitespace(xml.charAt(i))) {
			i--;
		}
		int end = i + 1;
		while (i > 0 && !Character.isWhitespace(xml.charAt(i)) && xml.charAt(i) != '"' && xml.charAt(i) != '\'') {
			i--;
		}
		return xml.substring(i + 1, end);
	}

	/**
	 * Returns the index of the end tag matching the element {@code name} whose content starts
	 * at {@code from}, counting nested elements of the same name; -1 if it does not end.
	 */
	private static int closingTag(String xml, int from, String name) {
		int depth = 1;
		int i = from;
		while (true) {
			int lt = xml.indexOf('<', i);
			if (lt < 0) {
				return -1;
			}
			if (xml.startsWith("</", lt)) {
				int nameEnd = nameEnd(xml, lt + 2);
				if (xml.regionMatches(lt + 2, name, 0, name.length()) && nameEnd == lt + 2 + name.length()
						&& --depth == 0) {
					return lt;
				}
				i = lt + 2;
				continue;
			}
			int skipped = skipMarkup(xml, lt);
			if (skipped < 0) {
				return -1;
			}
			if (skipped != lt) {
				i = skipped;
				continue;
			}
			int nameEnd = nameEnd(xml, lt + 1);
			int gt = tagEnd(xml, nameEnd);
			if (gt < 0) {
				return -1;
			}
			if (nameEnd == lt + 1 + name.length() && xml.regionMatches(lt + 1, name, 0, name.length())
					&& xml.charAt(gt - 1) != '/') {
				depth++;
			}
			i = gt + 1;
		}
	}

	private static String localName(String name) {
		int colon = name.lastIndexOf(':');
		return (colon < 0) ? name : name.substring(colon + 1);
	}

}
