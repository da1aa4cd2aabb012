package io.middlewaretrace.support;

import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;

/**
 * The name a rendered view is reported by, as a stage and a deadline phase: the view name the
 * handler returned, or the view's class. Redirect and forward targets are cut to their prefix,
 * since they often carry ids ({@code redirect:/owners/42}) and a stage name is a metric tag.
 */
public final class ViewNames {

	private ViewNames() {
	}

	/**
	 * Returns whether the model and view will be rendered.
	 * @param modelAndView what the handler returned, or {@code null}
	 * @return whether Spring MVC renders a view for it
	 */
	public static boolean renders(ModelAndView modelAndView) {
		return modelAndView != null && !modelAndView.wasCleared();
	}

	/**
	 * Returns the low-cardinality name of the view to render.
	 * @param modelAndView a model and view that {@link #renders(ModelAndView) renders}
	 * @return the view's name
	 */
	public static String of(ModelAndView modelAndView) {
		String name = modelAndView.getViewName();
		if (name != null) {
			if (name.startsWith("redirect:")) {
				return "redirect:";
			}
			if (name.startsWith("forward:")) {
				return "forward:";
			}
			return name;
		}
		View view = modelAndView.getView();
		return (view != null) ? view.getClass().getSimpleName() : "view";
	}

}
